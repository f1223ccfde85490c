/**
 * A text classifier = hashed featurizer + logistic model. The unit other parts of Moat reuse:
 * the built-in Tier 1 detector ships one, Tier 2 trains one per agent.
 */
import { z } from "zod";
import { HashedFeaturizer, featurizerConfigSchema, type FeaturizerConfig, type SparseVector } from "./featurizer.js";
import { LinearModel, fitLogistic, sigmoid, type EpochReport, type LogisticOptions } from "./logistic.js";

export interface TrainOptions extends Partial<LogisticOptions> {
  featurizer?: Partial<FeaturizerConfig>;
  /** Per-example weights multiplied with the class weights (e.g. to down-weight a big source). */
  sampleWeights?: ArrayLike<number>;
  onEpoch?: (report: EpochReport) => void;
}

/** Everything needed to rebuild a classifier: JSON-able config plus typed arrays. */
export interface ClassifierWeights {
  format: typeof CLASSIFIER_FORMAT;
  featurizer: FeaturizerConfig;
  /** One weight per hash bucket (length 2 ** featurizer.bits). */
  weights: Float32Array;
  bias: number;
}

export const CLASSIFIER_FORMAT = "moat-hashed-linear-v1";

export const classifierHeaderSchema = z
  .object({
    format: z.literal(CLASSIFIER_FORMAT),
    featurizer: featurizerConfigSchema,
    bias: z.number().finite(),
  })
  .strict();

export class TextClassifier {
  constructor(
    readonly featurizer: HashedFeaturizer,
    readonly model: LinearModel,
  ) {
    if (model.weights.length !== featurizer.dimension) {
      throw new Error(`weights have ${model.weights.length} entries, featurizer expects ${featurizer.dimension}`);
    }
  }

  /** Raw decision value (log-odds before any calibration). */
  logit(text: string): number {
    return this.logitPrepared(this.featurizer.prepare(text));
  }

  /** Log-odds of text that already went through featurizer.prepare() (skips normalising twice). */
  logitPrepared(prepared: string): number {
    return this.featurizer.dotPrepared(prepared, this.model.weights) + this.model.bias;
  }

  predictProba(text: string): number {
    return sigmoid(this.logit(text));
  }

  exportWeights(): ClassifierWeights {
    return {
      format: CLASSIFIER_FORMAT,
      featurizer: { ...this.featurizer.config },
      weights: this.model.weights,
      bias: this.model.bias,
    };
  }

  static fromWeights(weights: ClassifierWeights): TextClassifier {
    const header = classifierHeaderSchema.parse({ format: weights.format, featurizer: weights.featurizer, bias: weights.bias });
    const featurizer = new HashedFeaturizer(header.featurizer);
    for (const w of weights.weights) {
      if (!Number.isFinite(w)) throw new Error("classifier weights contain a non-finite value");
    }
    return new TextClassifier(featurizer, new LinearModel(weights.weights, header.bias));
  }
}

function toLabels(labels: ArrayLike<number | boolean>): Uint8Array {
  const out = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (y === 1 || y === true) out[i] = 1;
    else if (y !== 0 && y !== false) throw new Error(`label ${i} is ${String(y)}; expected 0/1 or a boolean`);
  }
  return out;
}

/** Featurises texts once; callers that train several models on one set can share the vectors. */
export function vectorize(featurizer: HashedFeaturizer, texts: readonly string[]): SparseVector[] {
  return texts.map((t) => featurizer.transform(t));
}

/**
 * Trains a binary classifier: labels 1 (or true) = positive class. Deterministic for a given seed.
 */
export function train(texts: readonly string[], labels: ArrayLike<number | boolean>, options: TrainOptions = {}): TextClassifier {
  if (texts.length !== labels.length) throw new Error(`${texts.length} texts but ${labels.length} labels`);
  if (texts.length === 0) throw new Error("cannot train on an empty set");
  const { featurizer: featurizerConfig, sampleWeights, onEpoch, ...logistic } = options;
  const featurizer = new HashedFeaturizer(featurizerConfig);
  const y = toLabels(labels);
  const model = LinearModel.zeros(featurizer.dimension);
  fitLogistic(model, vectorize(featurizer, texts), y, logistic, sampleWeights, onEpoch);
  return new TextClassifier(featurizer, model);
}
