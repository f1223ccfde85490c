/**
 * The built-in Tier 1 detector: a hashed n-gram logistic model trained by
 * `npm run train:builtin` from ../shared/data and shipped in models/. Pure TypeScript, no
 * download, synchronous; see docs/tier1-builtin.md for data, method and held-out figures.
 */
import { existsSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { detectorFromModel, type BuiltinDetector } from "./detector.js";
import { readBuiltinModel } from "./model-file.js";

export type { BuiltinDetector } from "./detector.js";
export type { ContentSource } from "./scorer.js";

export const DEFAULT_BUILTIN_DETECTOR = "moat-injection-v1";

const MODEL_EXTENSION = ".bin";
// src/firewall/tier1/builtin (tsx) and dist/firewall/tier1/builtin (tsc) are both four levels below the root.
const MODELS_DIR = fileURLToPath(new URL("../../../../models/", import.meta.url));
const cache = new Map<string, BuiltinDetector>();

/** Names of the built-in models shipped in models/. */
export function availableBuiltinDetectors(modelsDir: string = MODELS_DIR): string[] {
  if (!existsSync(modelsDir)) return [];
  return readdirSync(modelsDir)
    .filter((f) => f.endsWith(MODEL_EXTENSION))
    .map((f) => basename(f, MODEL_EXTENSION))
    .sort();
}

/** Loads (once) and returns a shipped built-in detector by name. */
export function loadBuiltinDetector(name: string = DEFAULT_BUILTIN_DETECTOR): BuiltinDetector {
  const cached = cache.get(name);
  if (cached) return cached;
  const available = availableBuiltinDetectors();
  if (!available.includes(name)) {
    throw new Error(`unknown built-in detector "${name}"; available: ${available.length > 0 ? available.join(", ") : `none (no ${MODEL_EXTENSION} files in ${MODELS_DIR})`}`);
  }
  const detector = loadBuiltinDetectorFile(join(MODELS_DIR, `${name}${MODEL_EXTENSION}`));
  cache.set(name, detector);
  return detector;
}

/** Loads a built-in detector from an explicit model file (e.g. one just trained), uncached. */
export function loadBuiltinDetectorFile(file: string): BuiltinDetector {
  return detectorFromModel(readBuiltinModel(file));
}
