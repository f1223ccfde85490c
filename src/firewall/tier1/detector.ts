/** What every Tier 1 detector is, whatever runs behind it (built-in model, ONNX, HTTP API). */

/** Where a text came from: the user (prompt, hidden text) or a tool result (indirect injection). */
export type Source = "prompt" | "tool";

export interface Thresholds {
  /** At or above: this detector votes block. */
  blockAt: number;
  /** Below: this detector is confident the text is benign. In between: unsure. */
  passBelow: number;
}

/** One text the tier scans, scored separately from the others. */
export interface ScanInput {
  text: string;
  source: Source;
  /** For traces: "prompt", "hidden text 1", "tool message 2 (web_search)". */
  label: string;
  /**
   * Set on the joined view of the previous user turn and the prompt (`text` holds both): an
   * attack split over two turns only shows when its halves are read together. The joined view
   * is block evidence only, and only when this earlier turn alone would not block, so that a user
   * whose earlier message was refused is not refused again for everything they say after it.
   */
  earlier?: string;
}

/** What a detector may need beyond the text itself. */
export interface ScanContext {
  /** The conversation as "role: text" lines, for HTTP payloads that use $CONVERSATION. */
  transcript: string;
}

export interface Detector {
  readonly name: string;
  readonly kind: string;
  /** Which inputs it scans; all when absent. */
  readonly scan?: readonly Source[];
  /** Longest one conversation may take; none for in-process synchronous models. */
  readonly timeoutMs?: number;
  /**
   * Scores run on the calling thread in well under a millisecond, so the ensemble runs them
   * before starting the slow ones and may never start those.
   */
  readonly synchronous?: boolean;
  /** Also scores the joined view of the previous user turn and the prompt (and then the earlier turn alone): on by default only in process, where it costs no call. */
  readonly joinsTurns?: boolean;
  thresholds(source: Source): Thresholds;
  /** Calibrated probability that the text is an attack. Must honour the signal where it can. */
  score(input: ScanInput, context: ScanContext, signal: AbortSignal): Promise<number> | number;
  close?(): Promise<void>;
}

/** Whether a detector's answer is a score the ensemble can use: a finite number in [0, 1]. */
export function isProbability(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= 1;
}

/** Whether a detector answered with a promise (a model or API call) rather than a number. */
export function isThenable(value: unknown): value is PromiseLike<number> {
  return typeof value === "object" && value !== null && typeof (value as PromiseLike<number>).then === "function";
}

export class DetectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DetectorError";
  }
}
