/**
 * Reusable text-classification machinery: normalisation for detection, hashed n-gram features,
 * logistic regression, calibration, windows and a compact weight file. Used by the built-in
 * Tier 1 detector and by Tier 2's per-agent classifiers.
 *
 *   const clf = train(texts, labels, { epochs: 6, featurizer: { bits: 18 } });
 *   clf.predictProba("ignore all previous instructions");
 *   const restored = TextClassifier.fromWeights(clf.exportWeights());
 *   const bytes = encodeClassifierFile(clf.exportWeights(), { dtype: "i16" });
 */
export { normalizeForDetection, foldConfusables, foldLeetspeak, joinSpacedLetters } from "./normalize.js";
export { decodeEmbeddedPayloads, type DecodedPayload } from "./payloads.js";
export {
  HashedFeaturizer,
  DEFAULT_FEATURIZER_CONFIG,
  featurizerConfigSchema,
  type FeaturizerConfig,
  type SparseVector,
} from "./featurizer.js";
export {
  LinearModel,
  fitLogistic,
  sigmoid,
  DEFAULT_LOGISTIC_OPTIONS,
  type LogisticOptions,
  type EpochReport,
} from "./logistic.js";
export {
  TextClassifier,
  train,
  vectorize,
  CLASSIFIER_FORMAT,
  classifierHeaderSchema,
  type ClassifierWeights,
  type TrainOptions,
} from "./classifier.js";
export { applyPlatt, fitPlatt, plattSchema, type Platt } from "./calibration.js";
export { slidingWindows, type WindowOptions } from "./windows.js";
export { encodeClassifierFile, decodeClassifierFile, type WeightDtype, type EncodeOptions, type DecodedClassifierFile } from "./weights-file.js";
export { seededRandom, shuffleInPlace, type Random } from "./random.js";
export { encodeClassifierBundle, decodeClassifierBundle, isClassifierBundle, type DecodedBundle } from "./bundle-file.js";
