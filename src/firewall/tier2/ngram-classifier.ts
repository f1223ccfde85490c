/**
 * The default Tier 2 classifier: the hashed word+character n-gram featurizer and logistic
 * regression of src/firewall/ml (the built-in Tier 1 detector's machinery), trained per agent.
 *
 * Each instance separates its own texts from its own background and then sets its own decision
 * from out-of-fold scores (every text scored by a model that saw nothing of its conversation):
 *
 * - a threshold: the lowest calibrated probability at which at most 1% of its background matches;
 * - a familiarity gate: the share of a text's features (by weight) that occurred in the class's
 *   training texts must reach what 95% of unseen texts of the class reach. A discriminative
 *   model alone would call anything without attack features "benign" (a question about a
 *   recipe, to a bank's agent); the gate makes a match mean "like what this class looks like".
 *
 * So a text unlike anything an instance has seen does not match it, and a text that matches
 * neither goes to the judge instead of being guessed.
 */
import {
  HashedFeaturizer,
  LinearModel,
  applyPlatt,
  featurizerConfigSchema,
  fitLogistic,
  fitPlatt,
  seededRandom,
  shuffleInPlace,
  vectorize,
  type FeaturizerConfig,
  type Platt,
  type SparseVector,
} from "../ml/index.js";
import type { AgentClassifier, ClassifierRole, ExportedWeights, TrainContext } from "./classifier.js";
import type { NdArray } from "./npy.js";

const FEATURIZER: Partial<FeaturizerConfig> = { bits: 18 };
const EPOCHS = 8;
const FOLDS = 4;
/** Share of the background an instance may match (on out-of-fold scores). */
const MAX_BACKGROUND_MATCH = 0.01;
const MIN_THRESHOLD = 0.5;
const MAX_THRESHOLD = 0.99;
/** Share of the class's own (out-of-fold) texts the familiarity gate may turn away. */
const MAX_UNFAMILIAR = 0.05;
const WEIGHTS_VERSION = 1;

// The featurizer config travels as numbers, in this order, so that it fits in an .npy array.
const FEATURIZER_FIELDS = ["bits", "wordNgramMax", "charNgramMin", "charNgramMax", "wordWeight", "charWeight", "sublinearTf", "signedHash", "normalize"] as const;

function encodeFeaturizer(config: FeaturizerConfig): Float64Array {
  return Float64Array.from(FEATURIZER_FIELDS.map((k) => Number(config[k])));
}

function decodeFeaturizer(values: ArrayLike<number>): FeaturizerConfig {
  const raw: Record<string, number | boolean> = {};
  FEATURIZER_FIELDS.forEach((k, i) => {
    const v = values[i] ?? Number.NaN;
    raw[k] = k === "sublinearTf" || k === "signedHash" || k === "normalize" ? v === 1 : v;
  });
  return featurizerConfigSchema.parse(raw);
}

/**
 * Both instances score the same two snippets of every request with the same featurizer settings;
 * normalising and featurising a long message is the costly part, so the last few feature vectors
 * are shared between them.
 */
const VECTOR_CACHE_SIZE = 8;
const vectorCache = new Map<string, { settings: string; vector: SparseVector }>();

function featuresShared(featurizer: HashedFeaturizer, settings: string, text: string): SparseVector {
  const hit = vectorCache.get(text);
  if (hit && hit.settings === settings) return hit.vector;
  const vector = featurizer.transform(text);
  if (vectorCache.size >= VECTOR_CACHE_SIZE) vectorCache.delete(vectorCache.keys().next().value as string);
  vectorCache.set(text, { settings, vector });
  return vector;
}

interface Row {
  text: string;
  group: string;
}

/** Drops empty and repeated texts (the first occurrence keeps its group). */
function unique(texts: readonly string[], groups: readonly string[], exclude?: ReadonlySet<string>): Row[] {
  const seen = new Set<string>();
  const out: Row[] = [];
  texts.forEach((raw, i) => {
    const text = raw.trim();
    if (!text || seen.has(text) || exclude?.has(text)) return;
    seen.add(text);
    out.push({ text, group: groups[i] ?? `#${i}` });
  });
  return out;
}

/** Bit set of the feature buckets that occur in a set of vectors. */
function featureSet(vectors: readonly SparseVector[], dimension: number): Uint8Array {
  const bits = new Uint8Array(dimension >>> 3);
  for (const v of vectors) {
    for (const i of v.indices) bits[i >>> 3] = (bits[i >>> 3] ?? 0) | (1 << (i & 7));
  }
  return bits;
}

/** Share of a unit vector's weight (sum of squares) on known buckets. */
function familiarity(v: SparseVector, known: Uint8Array): number {
  let on = 0;
  let all = 0;
  for (let k = 0; k < v.indices.length; k++) {
    const i = v.indices[k] ?? 0;
    const x = (v.values[k] ?? 0) ** 2;
    all += x;
    if (((known[i >>> 3] ?? 0) >> (i & 7)) & 1) on += x;
  }
  return all > 0 ? on / all : 0;
}

/** The (1 - rate) quantile of the background's scores, nudged up so that ties do not match. */
function thresholdFor(backgroundScores: number[]): number {
  if (backgroundScores.length === 0) return MIN_THRESHOLD;
  const sorted = [...backgroundScores].sort((a, b) => a - b);
  const allowed = Math.floor(sorted.length * MAX_BACKGROUND_MATCH);
  const cut = sorted[sorted.length - 1 - allowed] ?? 0;
  return Math.min(MAX_THRESHOLD, Math.max(MIN_THRESHOLD, cut + 1e-6));
}

export class NgramAgentClassifier implements AgentClassifier {
  static readonly id = "moat-ngram-logistic/1";

  private featurizer?: HashedFeaturizer;
  private model?: LinearModel;
  private platt: Platt = { a: 1, b: 0 };
  private threshold = MIN_THRESHOLD;
  private known?: Uint8Array;
  private gate = 0;
  /** The featurizer config as a string: the key under which feature vectors are shared. */
  private settings = "";

  constructor(readonly name: ClassifierRole) {}

  train(texts: string[], context: TrainContext): void {
    const positives = unique(texts, context.groups);
    // A text in both sets says nothing about either; it stays on the positive side only.
    const negatives = unique(context.background, context.backgroundGroups, new Set(positives.map((r) => r.text)));
    if (positives.length === 0) throw new Error(`${this.name} classifier: no training texts`);
    if (negatives.length === 0) throw new Error(`${this.name} classifier: no background texts to tell its class apart from`);

    const featurizer = new HashedFeaturizer(FEATURIZER);
    const rows = [...positives, ...negatives];
    const vectors = vectorize(featurizer, rows.map((r) => r.text));
    const labels = new Uint8Array(rows.length);
    labels.fill(1, 0, positives.length);

    // Out-of-fold scores: every text is scored by a model that saw nothing of its conversation.
    const groupNames = [...new Set(rows.map((r) => r.group))];
    shuffleInPlace(groupNames, seededRandom(context.seed));
    const foldOf = new Map(groupNames.map((g, i) => [g, i % FOLDS]));
    const fold = Uint8Array.from(rows, (r) => foldOf.get(r.group) ?? 0);
    const oof = new Float64Array(rows.length);
    const oofFamiliarity: number[] = [];
    for (let k = 0; k < FOLDS; k++) {
      const trainRows: number[] = [];
      for (let r = 0; r < rows.length; r++) if (fold[r] !== k) trainRows.push(r);
      if (trainRows.length === 0 || trainRows.length === rows.length) continue;
      const model = this.fit(featurizer, trainRows.map((r) => vectors[r] as SparseVector), Uint8Array.from(trainRows, (r) => labels[r] ?? 0), context.seed + k);
      const known = featureSet(trainRows.filter((r) => r < positives.length).map((r) => vectors[r] as SparseVector), featurizer.dimension);
      for (let r = 0; r < rows.length; r++) {
        if (fold[r] !== k) continue;
        oof[r] = model.decision(vectors[r] as SparseVector);
        if (r < positives.length) oofFamiliarity.push(familiarity(vectors[r] as SparseVector, known));
      }
    }
    this.platt = fitPlatt(oof, labels);
    const backgroundScores: number[] = [];
    for (let r = positives.length; r < rows.length; r++) backgroundScores.push(applyPlatt(this.platt, oof[r] ?? 0));
    this.threshold = thresholdFor(backgroundScores);
    oofFamiliarity.sort((a, b) => a - b);
    this.gate = oofFamiliarity[Math.floor(oofFamiliarity.length * MAX_UNFAMILIAR)] ?? 0;

    this.featurizer = featurizer;
    this.settings = JSON.stringify(featurizer.config);
    this.model = this.fit(featurizer, vectors, labels, context.seed);
    this.known = featureSet(vectors.slice(0, positives.length), featurizer.dimension);
  }

  private fit(featurizer: HashedFeaturizer, vectors: SparseVector[], labels: Uint8Array, seed: number): LinearModel {
    const model = LinearModel.zeros(featurizer.dimension);
    fitLogistic(model, vectors, labels, { epochs: EPOCHS, seed, classWeight: "balanced" });
    return model;
  }

  predict(text: string, _context: string): [boolean, number] {
    if (!this.featurizer || !this.model || !this.known) throw new Error(`${this.name} classifier is not trained or loaded`);
    const x = featuresShared(this.featurizer, this.settings, text);
    const p = applyPlatt(this.platt, this.model.decision(x));
    return [p >= this.threshold && familiarity(x, this.known) >= this.gate, p];
  }

  exportWeights(): ExportedWeights {
    if (!this.featurizer || !this.model || !this.known) throw new Error(`${this.name} classifier is not trained`);
    return {
      version: new Int32Array([WEIGHTS_VERSION]),
      featurizer: encodeFeaturizer(this.featurizer.config),
      weights: this.model.weights,
      // One bit per feature bucket: seen in this class's training texts.
      known: this.known,
      // bias, Platt a and b, threshold, familiarity gate
      head: new Float64Array([this.model.bias, this.platt.a, this.platt.b, this.threshold, this.gate]),
    };
  }

  loadWeights(weights: Record<string, NdArray>): void {
    const get = (key: string, dtype: NdArray["dtype"]): NdArray => {
      const array = weights[key];
      if (!array) throw new Error(`${this.name} classifier: weights lack "${key}"`);
      if (array.dtype !== dtype) throw new Error(`${this.name} classifier: "${key}" is ${array.dtype}, expected ${dtype}`);
      return array;
    };
    const version = get("version", "int32").data[0];
    if (version !== WEIGHTS_VERSION) throw new Error(`${this.name} classifier: weights version ${String(version)}, expected ${WEIGHTS_VERSION}`);
    const featurizer = new HashedFeaturizer(decodeFeaturizer(get("featurizer", "float64").data as Float64Array));
    const w = get("weights", "float32").data as Float32Array;
    if (w.length !== featurizer.dimension) throw new Error(`${this.name} classifier: ${w.length} weights for ${featurizer.dimension} features`);
    const known = get("known", "uint8").data as Uint8Array;
    if (known.length !== featurizer.dimension >>> 3) throw new Error(`${this.name} classifier: feature set has ${known.length} bytes for ${featurizer.dimension} features`);
    const head = get("head", "float64").data as Float64Array;
    if (head.length !== 5) throw new Error(`${this.name} classifier: head has ${head.length} values, expected 5`);
    const [bias, a, b, threshold, gate] = [head[0], head[1], head[2], head[3], head[4]];
    for (const v of [bias, a, b, threshold, gate]) if (v === undefined || !Number.isFinite(v)) throw new Error(`${this.name} classifier: invalid head values`);
    for (const v of w) if (!Number.isFinite(v)) throw new Error(`${this.name} classifier: weights contain a non-finite value`);
    this.featurizer = featurizer;
    this.settings = JSON.stringify(featurizer.config);
    this.model = new LinearModel(w, bias as number);
    this.platt = { a: a as number, b: b as number };
    this.threshold = threshold as number;
    this.gate = gate as number;
    this.known = known;
  }
}
