/**
 * The built-in detector's raw score computed the straightforward way, with the reference copies
 * of the featurizer, normalisation and payload decoder (as of commit c7884c1): what the optimised
 * src/firewall/tier1/builtin/scorer.ts must keep computing. For tests and benches only.
 */
import type { TextClassifier } from "../../../src/firewall/ml/classifier.js";
import { slidingWindows } from "../../../src/firewall/ml/windows.js";
import { PROMPT_WINDOW, TOOL_WINDOW } from "../../../src/firewall/tier1/builtin/windows.js";
import type { ContentSource } from "../../../src/firewall/tier1/builtin/scorer.js";
import { ReferenceFeaturizer } from "./featurizer.js";
import { decodeEmbeddedPayloads } from "./payloads.js";

/** A classifier's weights scored with the reference featurizer. */
export class ReferenceClassifier {
  private readonly featurizer: ReferenceFeaturizer;

  constructor(private readonly classifier: TextClassifier) {
    this.featurizer = new ReferenceFeaturizer(classifier.featurizer.config);
  }

  logit(text: string): number {
    return this.logitPrepared(this.featurizer.prepare(text));
  }

  logitPrepared(prepared: string): number {
    return this.featurizer.dotPrepared(prepared, this.classifier.model.weights) + this.classifier.model.bias;
  }

  maxLogit(text: string, source: ContentSource): number {
    const window = source === "tool" ? TOOL_WINDOW : PROMPT_WINDOW;
    let best = -Infinity;
    const scan = (t: string): void => {
      for (const w of slidingWindows(t, window)) {
        const z = this.logit(w);
        if (z > best) best = z;
      }
    };
    scan(text);
    for (const payload of decodeEmbeddedPayloads(text)) scan(payload.text);
    return Number.isFinite(best) ? best : this.classifier.model.bias;
  }
}
