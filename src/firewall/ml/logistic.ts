/**
 * Binary logistic regression over sparse vectors, trained with AdaGrad: per-weight step sizes
 * suit hashed n-grams, where a few buckets fire on every text and most on very few. L2 is applied
 * lazily to the weights an example touches (the usual approximation for sparse online learning).
 */
import { z } from "zod";
import type { SparseVector } from "./featurizer.js";
import { seededRandom, shuffleInPlace } from "./random.js";

export const logisticOptionsSchema = z
  .object({
    epochs: z.number().int().min(1).max(200),
    learningRate: z.number().positive(),
    l2: z.number().min(0),
    /** "balanced" weighs each class by n / (2 * n_class); or explicit [benign, attack] weights. */
    classWeight: z.union([z.literal("balanced"), z.literal("none"), z.tuple([z.number().positive(), z.number().positive()])]),
    /**
     * Starting value of AdaGrad's squared-gradient sums. Zero makes the first step of every weight
     * a full learning-rate step whatever its gradient, so a word seen once in one attack jumps to
     * a large weight; a positive start scales early steps with the gradient instead.
     */
    initialAccumulator: z.number().min(0),
    seed: z.number().int(),
  })
  .strict();
export type LogisticOptions = z.output<typeof logisticOptionsSchema>;

export const DEFAULT_LOGISTIC_OPTIONS: LogisticOptions = {
  epochs: 6,
  learningRate: 0.2,
  l2: 1e-6,
  classWeight: "balanced",
  // 0 keeps the behaviour Tier 2 was tuned with; the built-in detector's training sets 0.01.
  initialAccumulator: 0,
  seed: 1,
};

export interface EpochReport {
  epoch: number;
  /** Mean weighted log-loss over the epoch (before each example's update). */
  loss: number;
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export class LinearModel {
  constructor(
    readonly weights: Float32Array,
    public bias: number,
  ) {}

  decision(x: SparseVector): number {
    let sum = this.bias;
    const { indices, values } = x;
    for (let k = 0; k < indices.length; k++) sum += (this.weights[indices[k] ?? 0] ?? 0) * (values[k] ?? 0);
    return sum;
  }

  static zeros(dimension: number): LinearModel {
    return new LinearModel(new Float32Array(dimension), 0);
  }
}

function classWeights(labels: Uint8Array, setting: LogisticOptions["classWeight"]): [number, number] {
  if (setting === "none") return [1, 1];
  if (setting !== "balanced") return setting;
  let positives = 0;
  for (const y of labels) positives += y;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return [1, 1];
  return [labels.length / (2 * negatives), labels.length / (2 * positives)];
}

/** Fits a model in place (so a caller can warm-start) and reports the loss per epoch. */
export function fitLogistic(
  model: LinearModel,
  vectors: readonly SparseVector[],
  labels: Uint8Array,
  options: Partial<LogisticOptions> = {},
  sampleWeights?: ArrayLike<number>,
  onEpoch?: (report: EpochReport) => void,
): EpochReport[] {
  const opts = logisticOptionsSchema.parse({ ...DEFAULT_LOGISTIC_OPTIONS, ...options });
  if (vectors.length !== labels.length) throw new Error(`${vectors.length} vectors but ${labels.length} labels`);
  if (sampleWeights && sampleWeights.length !== labels.length) {
    throw new Error(`${sampleWeights.length} sample weights but ${labels.length} labels`);
  }
  const [w0, w1] = classWeights(labels, opts.classWeight);
  const { weights } = model;
  const gradSq = new Float32Array(weights.length).fill(opts.initialAccumulator);
  let biasGradSq = opts.initialAccumulator;
  const order = new Uint32Array(vectors.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const random = seededRandom(opts.seed);
  const reports: EpochReport[] = [];
  const eps = 1e-8;

  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    shuffleInPlace(order, random);
    let lossSum = 0;
    let weightSum = 0;
    for (const row of order) {
      const x = vectors[row];
      if (!x) continue;
      const y = labels[row] ?? 0;
      const weight = (y === 1 ? w1 : w0) * (sampleWeights ? (sampleWeights[row] ?? 1) : 1);
      if (weight === 0) continue;
      const z = model.decision(x);
      const p = sigmoid(z);
      lossSum += weight * (y === 1 ? -Math.log(Math.max(p, 1e-12)) : -Math.log(Math.max(1 - p, 1e-12)));
      weightSum += weight;
      const g = (p - y) * weight;
      const { indices, values } = x;
      for (let k = 0; k < indices.length; k++) {
        const i = indices[k] ?? 0;
        const w = weights[i] ?? 0;
        const grad = g * (values[k] ?? 0) + opts.l2 * w;
        const acc = (gradSq[i] ?? 0) + grad * grad;
        gradSq[i] = acc;
        weights[i] = w - (opts.learningRate * grad) / (Math.sqrt(acc) + eps);
      }
      biasGradSq += g * g;
      model.bias -= (opts.learningRate * g) / (Math.sqrt(biasGradSq) + eps);
    }
    const report = { epoch, loss: weightSum > 0 ? lossSum / weightSum : 0 };
    reports.push(report);
    onEpoch?.(report);
  }
  return reports;
}
