/**
 * Tier 2 entry points: the factory buildTiers calls, and what the library exports.
 */
export { buildTier2, type Tier2BuildOptions } from "./build.js";
export { Tier2, createTier2, outcomeOf, Tier2LoadError } from "./tier.js";
export { classifyTurn, type VoteResult } from "./voting.js";
export { readHbfwFile, decodeHbfw, encodeHbfw, HbfwError, type HbfwConfig, type HbfwModel } from "./hbfw.js";
export { loadClassifier, ClassifierLoadError, BUILTIN_CLASSIFIER } from "./load-classifier.js";
export { NgramAgentClassifier } from "./ngram-classifier.js";
export type { AgentClassifier, AgentClassifierClass, TrainContext, ExportedWeights, ClassifierRole } from "./classifier.js";
export type { NdArray, TypedArray, DType } from "./npy.js";
