/** A loaded built-in model as a BuiltinDetector: calibrated, per-source scoring. */
import { applyPlatt } from "../../ml/calibration.js";
import { normalizeForDetection } from "../../ml/normalize.js";
import { readsAsOtherLanguage } from "./language.js";
import type { BuiltinModel } from "./model-file.js";
import { rescaleProbability } from "./rescale.js";
import { maxLogit, type ContentSource } from "./scorer.js";

export interface BuiltinDetector {
  readonly name: string;
  /** Calibrated probability in [0,1] that `text` is a prompt injection / jailbreak. source "tool" = tool-message/document content (own calibration). */
  score(text: string, source: ContentSource): number;
  /** Recommended thresholds chosen on held-out data: block at/above blockAt, confident benign below passBelow. */
  readonly thresholds: { prompt: { blockAt: number; passBelow: number }; tool: { blockAt: number; passBelow: number } };
}

/** Routing reads the first words (about 80); normalising more than this would change nothing. */
const ROUTING_CHARS = 500;

export function detectorFromModel(model: BuiltinModel): BuiltinDetector {
  const { classifiers, metadata } = model;
  const thresholds = Object.freeze({
    prompt: Object.freeze({ ...metadata.thresholds.prompt }),
    tool: Object.freeze({ ...metadata.thresholds.tool }),
  });
  const other = classifiers.otherLanguages;
  const otherCalibration = metadata.calibration.otherLanguages;
  const otherThresholds = metadata.thresholds.otherLanguages;
  return Object.freeze({
    name: metadata.name,
    thresholds,
    score(text: string, source: ContentSource): number {
      if (source !== "prompt" && source !== "tool") throw new Error(`unknown content source "${String(source)}"`);
      if (source === "prompt" && other && otherCalibration && otherThresholds && readsAsOtherLanguage(normalizeForDetection(text.slice(0, ROUTING_CHARS)))) {
        return rescaleProbability(applyPlatt(otherCalibration, maxLogit(other, text, "prompt")), otherThresholds, thresholds.prompt);
      }
      return applyPlatt(metadata.calibration[source], maxLogit(classifiers[source], text, source));
    },
  });
}
