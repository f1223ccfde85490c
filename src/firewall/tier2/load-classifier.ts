/**
 * Finds the AgentClassifier class to use: the built-in n-gram classifier, or a module given by
 * path (agent.yaml `tier2.classifier`, `moat train --model`). A module is code, so it is only
 * ever taken from the operator's configuration, never from a model file.
 */
import { basename, extname, isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { AgentClassifierClass } from "./classifier.js";
import { NgramAgentClassifier } from "./ngram-classifier.js";

export const BUILTIN_CLASSIFIER = "builtin";

export interface ResolvedClassifier {
  cls: AgentClassifierClass;
  /** Identifier recorded in (and checked against) the .hbfw config. */
  id: string;
  /** Absolute module path, for custom classifiers. */
  module?: string;
}

export class ClassifierLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ClassifierLoadError";
  }
}

const METHODS = ["train", "predict", "exportWeights", "loadWeights"] as const;

export async function loadClassifier(spec: string | undefined, baseDir: string = process.cwd()): Promise<ResolvedClassifier> {
  if (spec === undefined || spec === BUILTIN_CLASSIFIER) return { cls: NgramAgentClassifier, id: NgramAgentClassifier.id };
  const path = isAbsolute(spec) ? spec : resolve(baseDir, spec);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    const hint =
      extname(path) === ".ts" ? " (TypeScript modules load under tsx, e.g. `npm run moat`, or Node's type stripping; otherwise compile it to .js)" : "";
    throw new ClassifierLoadError(`cannot load classifier module ${path}: ${error instanceof Error ? error.message : String(error)}${hint}`);
  }
  const cls = module.AgentClassifier;
  if (typeof cls !== "function" || typeof cls.prototype !== "object" || cls.prototype === null) {
    throw new ClassifierLoadError(`${path} does not export a class named AgentClassifier`);
  }
  const missing = METHODS.filter((m) => typeof (cls.prototype as Record<string, unknown>)[m] !== "function");
  if (missing.length > 0) throw new ClassifierLoadError(`AgentClassifier in ${path} lacks method(s): ${missing.join(", ")}`);
  const declared = (cls as { id?: unknown }).id;
  const id = typeof declared === "string" && declared.length > 0 ? declared : basename(path, extname(path));
  return { cls: cls as AgentClassifierClass, id, module: path };
}
