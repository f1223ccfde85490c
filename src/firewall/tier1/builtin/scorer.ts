/**
 * Turns a classifier into an injection score for one input: the text, plus any readable payload
 * decoded from base64/hex/percent-encoding inside it, each scanned in overlapping windows; the
 * score is the highest log-odds found. Max, not mean: one injected window in a long document is
 * an attack however benign the rest is.
 */
import type { TextClassifier } from "../../ml/classifier.js";
import { decodeEmbeddedPayloads } from "../../ml/payloads.js";
import { slidingWindows } from "../../ml/windows.js";
import { PROMPT_WINDOW, TOOL_WINDOW } from "./windows.js";

export type ContentSource = "prompt" | "tool";

export function maxLogit(classifier: TextClassifier, text: string, source: ContentSource): number {
  const window = source === "tool" ? TOOL_WINDOW : PROMPT_WINDOW;
  let best = -Infinity;
  const scan = (t: string): void => {
    for (const w of slidingWindows(t, window)) {
      const z = classifier.logit(w);
      if (z > best) best = z;
    }
  };
  scan(text);
  for (const payload of decodeEmbeddedPayloads(text)) scan(payload.text);
  return Number.isFinite(best) ? best : classifier.model.bias;
}
