/**
 * Reference copy of HashedFeaturizer as it was before the scoring path was optimised (commit
 * c7884c1): three arrays of 2^bits entries, a padded string and a regex tokenizer. Tests and
 * bench/builtin-scoring.ts compare the optimised src/firewall/ml code against it; it is not used
 * by Moat itself.
 */
import { FNV_OFFSET, combine, fnvString, mix32 } from "../../../src/firewall/ml/hash.js";
import { DEFAULT_FEATURIZER_CONFIG, featurizerConfigSchema, type FeaturizerConfig, type SparseVector } from "../../../src/firewall/ml/featurizer.js";
import { normalizeForDetection } from "./normalize.js";

const WORD_SEED = 0x2f1a5c3b;
const CHAR_SEED = 0x6b43a9b5;
const TOKEN = /[\p{L}\p{M}\p{N}_]+/gu;

export class ReferenceFeaturizer {
  readonly config: FeaturizerConfig;
  readonly dimension: number;
  private readonly mask: number;
  // Scratch accumulators reused across calls: featurising allocates only the output.
  private readonly scratch: Float32Array;
  private readonly touched: Int32Array;
  private readonly isTouched: Uint8Array;
  private touchedCount = 0;
  private readonly signed: boolean;
  private readonly wordHashes: number[] = [];

  constructor(config: Partial<FeaturizerConfig> = {}) {
    this.config = featurizerConfigSchema.parse({ ...DEFAULT_FEATURIZER_CONFIG, ...config });
    this.dimension = 2 ** this.config.bits;
    this.mask = this.dimension - 1;
    this.signed = this.config.signedHash;
    this.scratch = new Float32Array(this.dimension);
    this.touched = new Int32Array(this.dimension);
    this.isTouched = new Uint8Array(this.dimension);
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
    const indices = new Int32Array(n);
    const values = new Float32Array(n);
    const scale = this.finish();
    for (let k = 0; k < n; k++) {
      const i = this.touched[k] ?? 0;
      indices[k] = i;
      values[k] = (this.scratch[i] ?? 0) * scale;
      this.scratch[i] = 0;
      this.isTouched[i] = 0;
    }
    this.touchedCount = 0;
    return { indices, values };
  }

  /** w·x for prepared text without materialising x: the scoring hot path. */
  dotPrepared(prepared: string, weights: Float32Array): number {
    const n = this.accumulate(prepared);
    const scale = this.finish();
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const i = this.touched[k] ?? 0;
      sum += (this.scratch[i] ?? 0) * (weights[i] ?? 0);
      this.scratch[i] = 0;
      this.isTouched[i] = 0;
    }
    this.touchedCount = 0;
    return sum * scale;
  }

  private add(hash: number, weight: number): void {
    const h = mix32(hash);
    const i = h & this.mask;
    if (this.isTouched[i] === 0) {
      this.isTouched[i] = 1;
      this.touched[this.touchedCount++] = i;
    }
    this.scratch[i] = (this.scratch[i] ?? 0) + (this.signed && h & 0x80000000 ? -weight : weight);
  }

  private accumulate(text: string): number {
    const { wordNgramMax, charNgramMin, charNgramMax, wordWeight, charWeight } = this.config;
    if (wordNgramMax > 0) {
      const words = this.wordHashes;
      words.length = 0;
      for (const match of text.matchAll(TOKEN)) words.push(fnvString(match[0], FNV_OFFSET ^ WORD_SEED));
      for (let i = 0; i < words.length; i++) {
        let h = words[i] ?? 0;
        this.add(h, wordWeight);
        for (let n = 2; n <= wordNgramMax && i + n - 1 < words.length; n++) {
          h = combine(h, words[i + n - 1] ?? 0);
          this.add(h ^ n, wordWeight);
        }
      }
    }
    if (charNgramMax > 0) {
      // Pad with spaces so that n-grams mark word starts and ends at the text's edges too.
      // The hot loop of scoring: add() inlined, typed arrays in locals.
      const padded = ` ${text} `;
      const length = padded.length;
      const { scratch, touched, isTouched, mask, signed } = this;
      let count = this.touchedCount;
      for (let i = 0; i < length; i++) {
        let h = CHAR_SEED;
        const end = Math.min(charNgramMax, length - i);
        for (let n = 1; n <= end; n++) {
          h = Math.imul(h ^ padded.charCodeAt(i + n - 1), 0x01000193);
          if (n < charNgramMin) continue;
          const m = mix32(h);
          const b = m & mask;
          if (isTouched[b] === 0) {
            isTouched[b] = 1;
            touched[count++] = b;
          }
          scratch[b] = (scratch[b] ?? 0) + (signed && m & 0x80000000 ? -charWeight : charWeight);
        }
      }
      this.touchedCount = count;
    }
    return this.touchedCount;
  }

  /** Applies sub-linear tf in place and returns the L2 normalisation factor. */
  private finish(): number {
    let norm = 0;
    for (let k = 0; k < this.touchedCount; k++) {
      const i = this.touched[k] ?? 0;
      let v = this.scratch[i] ?? 0;
      // Most n-grams occur once (1 + ln 1 = 1): skip the logarithm for them.
      if (this.config.sublinearTf && v !== 0 && v !== 1 && v !== -1) {
        const magnitude = Math.abs(v);
        v = Math.sign(v) * (magnitude >= 1 ? 1 + Math.log(magnitude) : magnitude);
        this.scratch[i] = v;
      }
      norm += v * v;
    }
    return norm > 0 ? 1 / Math.sqrt(norm) : 0;
  }
}
