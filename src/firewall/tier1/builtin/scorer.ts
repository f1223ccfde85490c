/**
 * Turns a classifier into an injection score for one input: the text, plus any readable payload
 * decoded from base64/hex/percent-encoding inside it, each scanned in overlapping windows; the
 * score is the highest log-odds found. Max, not mean: one injected window in a long document is
 * an attack however benign the rest is.
 */
import type { TextClassifier } from "../../ml/classifier.js";
import { decodeEmbeddedPayloads } from "../../ml/payloads.js";
import { slidingWindows, type WindowOptions } from "../../ml/windows.js";
import { PROMPT_WINDOW, TOOL_WINDOW } from "./windows.js";

export type ContentSource = "prompt" | "tool";

export function maxLogit(classifier: TextClassifier, text: string, source: ContentSource): number {
  const window = source === "tool" ? TOOL_WINDOW : PROMPT_WINDOW;
  let best = maxWindowLogit(classifier, text, window, -Infinity);
  for (const payload of decodeEmbeddedPayloads(text)) best = maxWindowLogit(classifier, payload.text, window, best);
  return Number.isFinite(best) ? best : classifier.model.bias;
}

/** The highest of `best` and the logits of text's windows. */
function maxWindowLogit(classifier: TextClassifier, text: string, window: WindowOptions, best: number): number {
  // Most prompts fit one window: score the text itself, no list of windows.
  if (text.length <= window.size) {
    const z = classifier.logit(text);
    return z > best ? z : best;
  }
  for (const w of slidingWindows(text, window)) {
    const z = classifier.logit(w);
    if (z > best) best = z;
  }
  return best;
}
