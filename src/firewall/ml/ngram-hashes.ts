/**
 * The mixed 32-bit hash of every n-gram of a text, written to a flat list: word n-grams from the
 * token hashes, character n-grams from the UTF-16 code units. Plain loops over typed arrays, kept
 * apart from the counting so that each stays small enough for V8 to optimise well.
 */
import { combine, mix32 } from "./hash.js";

const CHAR_SEED = 0x6b43a9b5;

/**
 * Word n-grams 1..maxN of `tokens[0..count)`, in the order: each token, then the n-grams that
 * start at it. Writes from out[at]; returns the index after the last one written.
 */
export function wordNgramHashes(tokens: Int32Array, count: number, maxN: number, out: Int32Array, at: number): number {
  for (let i = 0; i < count; i++) {
    let h = tokens[i] ?? 0;
    out[at++] = mix32(h);
    for (let n = 2; n <= maxN && i + n - 1 < count; n++) {
      h = combine(h, tokens[i + n - 1] ?? 0);
      out[at++] = mix32(h ^ n);
    }
  }
  return at;
}

/**
 * Character n-grams minN..maxN (FNV-1a over code units, extended one unit at a time, so all the
 * n-grams starting at a position come from one pass) of `codes[0..length)`, position by position.
 * Writes from out[at]; returns the index after the last one written.
 */
export function charNgramHashes(codes: Uint16Array, length: number, minN: number, maxN: number, out: Int32Array, at: number): number {
  for (let i = 0; i < length; i++) {
    let h = CHAR_SEED;
    const end = Math.min(maxN, length - i);
    for (let n = 1; n <= end; n++) {
      h = Math.imul(h ^ (codes[i + n - 1] ?? 0), 0x01000193);
      if (n >= minN) out[at++] = mix32(h);
    }
  }
  return at;
}
