/**
 * Hashed bag of word n-grams and character n-grams (the hashing trick): no vocabulary to store,
 * any language or script, fixed memory. Values are sub-linear term frequencies, signed by a hash
 * bit so that collisions cancel on average instead of piling up, and the vector is L2-normalised
 * so that long and short texts are on one scale.
 */
import { z } from "zod";
import { FeatureTable } from "./feature-table.js";
import { FNV_OFFSET } from "./hash.js";
import { charNgramHashes, wordNgramHashes } from "./ngram-hashes.js";
import { normalizeForDetection } from "./normalize.js";
import { maxWordTokens, wordTokenHashes } from "./word-tokens.js";

export const featurizerConfigSchema = z
  .object({
    /** log2 of the number of hash buckets (weights). */
    bits: z.number().int().min(8).max(24),
    /** Word n-grams 1..wordNgramMax (0 disables words). */
    wordNgramMax: z.number().int().min(0).max(4),
    /** Character n-grams charNgramMin..charNgramMax (0 disables characters). */
    charNgramMin: z.number().int().min(0).max(8),
    charNgramMax: z.number().int().min(0).max(8),
    wordWeight: z.number().positive(),
    charWeight: z.number().positive(),
    sublinearTf: z.boolean(),
    signedHash: z.boolean(),
    /** Apply normalizeForDetection before featurising. */
    normalize: z.boolean(),
  })
  .strict()
  .refine((c) => c.charNgramMax >= c.charNgramMin, { message: "charNgramMax must be >= charNgramMin" })
  .refine((c) => c.wordNgramMax > 0 || c.charNgramMax > 0, { message: "no features enabled" });
export type FeaturizerConfig = z.output<typeof featurizerConfigSchema>;

export const DEFAULT_FEATURIZER_CONFIG: FeaturizerConfig = {
  bits: 20,
  wordNgramMax: 2,
  charNgramMin: 3,
  charNgramMax: 5,
  wordWeight: 1,
  charWeight: 1,
  sublinearTf: true,
  signedHash: true,
  normalize: true,
};

/** A sparse feature vector: parallel arrays of bucket indices and values. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

const WORD_SEED = 0x2f1a5c3b;
const SPACE = 0x20;
// 1 + ln(n) for the whole counts most repeated n-grams have (with the default weights of 1): the
// same doubles Math.log gives, looked up instead of computed.
const SMALL_COUNTS = 256;
const SUBLINEAR_TF = Float64Array.from({ length: SMALL_COUNTS }, (_, n) => 1 + Math.log(n));

export class HashedFeaturizer {
  readonly config: FeaturizerConfig;
  readonly dimension: number;
  private readonly mask: number;
  private readonly signed: boolean;
  // Scratch reused across calls: featurising allocates only the output.
  private readonly table = new FeatureTable();
  private tokens = new Int32Array(0);
  private hashes = new Int32Array(0);
  private codes = new Uint16Array(0);

  constructor(config: Partial<FeaturizerConfig> = {}) {
    this.config = featurizerConfigSchema.parse({ ...DEFAULT_FEATURIZER_CONFIG, ...config });
    this.dimension = 2 ** this.config.bits;
    this.mask = this.dimension - 1;
    this.signed = this.config.signedHash;
  }

  /** The text the features are computed from (normalised when the config says so). */
  prepare(text: string): string {
    return this.config.normalize ? normalizeForDetection(text) : text;
  }

  transform(text: string): SparseVector {
    return this.transformPrepared(this.prepare(text));
  }

  /** Features of text that has already been through prepare(). */
  transformPrepared(prepared: string): SparseVector {
    const n = this.accumulate(prepared);
    const table = this.table;
    const scale = this.finish(n);
    const indices = new Int32Array(n);
    const values = new Float32Array(n);
    for (let k = 0; k < n; k++) {
      indices[k] = table.bucket(k);
      values[k] = table.value(k) * scale;
    }
    return { indices, values };
  }

  /** w·x for prepared text without materialising x: the scoring hot path. */
  dotPrepared(prepared: string, weights: Float32Array): number {
    const n = this.accumulate(prepared);
    const table = this.table;
    const scale = this.finish(n);
    let sum = 0;
    for (let k = 0; k < n; k++) sum += table.value(k) * (weights[table.bucket(k)] ?? 0);
    return sum * scale;
  }

  /** Fills the table with the text's n-gram counts; returns the number of buckets touched. */
  private accumulate(text: string): number {
    const { wordNgramMax, charNgramMin, charNgramMax } = this.config;
    // Two passes: the hash of every n-gram into a flat list, then one counting pass over it.
    const padded = text.length + 2;
    const charsPerPosition = charNgramMax > 0 ? charNgramMax - Math.max(charNgramMin, 1) + 1 : 0;
    // At most this many n-grams: words are at least one character apart.
    const bound = wordNgramMax * (padded >>> 1) + charsPerPosition * padded;
    if (this.hashes.length < bound) this.hashes = new Int32Array(Math.max(bound, 2 * this.hashes.length));
    const words = wordNgramMax > 0 ? this.wordHashes(text) : 0;
    const count = charNgramMax > 0 ? this.charHashes(text, words) : words;
    const table = this.table;
    table.reset(Math.min(this.dimension, count));
    table.addHashes(this.hashes, 0, words, this.mask, this.signed, this.config.wordWeight);
    table.addHashes(this.hashes, words, count, this.mask, this.signed, this.config.charWeight);
    return table.size;
  }

  /** Writes the word n-gram hashes from hashes[0]; returns how many. */
  private wordHashes(text: string): number {
    const most = maxWordTokens(text);
    if (this.tokens.length < most) this.tokens = new Int32Array(Math.max(most, 2 * this.tokens.length));
    const tokens = wordTokenHashes(text, FNV_OFFSET ^ WORD_SEED, this.tokens);
    return wordNgramHashes(this.tokens, tokens, this.config.wordNgramMax, this.hashes, 0);
  }

  /** Writes the character n-gram hashes from hashes[at]; returns the index after the last. */
  private charHashes(text: string, at: number): number {
    // The text between two spaces, so that n-grams mark word starts and ends at its edges too.
    const padded = text.length + 2;
    if (this.codes.length < padded) this.codes = new Uint16Array(Math.max(padded, 2 * this.codes.length));
    const codes = this.codes;
    codes[0] = SPACE;
    for (let i = 0; i < text.length; i++) codes[i + 1] = text.charCodeAt(i);
    codes[padded - 1] = SPACE;
    return charNgramHashes(codes, padded, Math.max(this.config.charNgramMin, 1), this.config.charNgramMax, this.hashes, at);
  }

  /**
   * Applies sub-linear tf in place (values stay float32) and returns the L2 normalisation factor,
   * computed from the unrounded values as it always was.
   */
  private finish(n: number): number {
    const table = this.table;
    const sublinear = this.config.sublinearTf;
    let norm = 0;
    for (let k = 0; k < n; k++) {
      let v = table.value(k);
      // Most n-grams occur once (1 + ln 1 = 1): skip the logarithm for them.
      if (sublinear && v !== 0 && v !== 1 && v !== -1) {
        const magnitude = Math.abs(v);
        const tf = magnitude < SMALL_COUNTS && magnitude === Math.floor(magnitude) ? (SUBLINEAR_TF[magnitude] ?? 0) : magnitude >= 1 ? 1 + Math.log(magnitude) : magnitude;
        v = Math.sign(v) * tf;
        table.setValue(k, v);
      }
      norm += v * v;
    }
    return norm > 0 ? 1 / Math.sqrt(norm) : 0;
  }
}
