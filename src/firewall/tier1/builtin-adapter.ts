/** The shipped built-in model as an ensemble detector: synchronous, with per-source thresholds. */
import type { BuiltinDetector } from "./builtin/index.js";
import type { Detector, ScanInput, Source, Thresholds } from "./detector.js";

export class BuiltinAdapter implements Detector {
  readonly kind = "builtin";
  readonly synchronous = true;
  readonly scan?: readonly Source[];

  constructor(
    private readonly model: BuiltinDetector,
    private readonly limits: Record<Source, Thresholds>,
    readonly name: string = `builtin:${model.name}`,
    scan?: readonly Source[],
    readonly joinsTurns: boolean = true,
  ) {
    if (scan) this.scan = scan;
  }

  thresholds(source: Source): Thresholds {
    return this.limits[source];
  }

  score(input: ScanInput): number {
    return this.model.score(input.text, input.source);
  }
}
