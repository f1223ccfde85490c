/**
 * The featurizer's word tokens — maximal runs of /[\p{L}\p{M}\p{N}_]/u code points, exactly what
 * `text.matchAll(/[\p{L}\p{M}\p{N}_]+/gu)` yields — hashed without allocating a string per match.
 * The regex decides membership (once per code point, cached), so the Unicode tables stay V8's and
 * this loop only decides where runs start and end.
 */

const WORD_CHAR = /^[\p{L}\p{M}\p{N}_]$/u;
// Per BMP code unit: 0 not yet known, 1 word character, 2 not. Filled on first sight, so text in
// one script warms a few hundred entries; ASCII is filled up front.
const BMP = new Uint8Array(0x10000);
for (let c = 0; c < 0x80; c++) BMP[c] = WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
const ASTRAL = new Map<number, boolean>();

/** True when the code point matches [\p{L}\p{M}\p{N}_] (a lone surrogate never does). */
export function isWordCodePoint(cp: number): boolean {
  if (cp < 0x10000) {
    let known = BMP[cp] ?? 2;
    if (known === 0) {
      known = WORD_CHAR.test(String.fromCharCode(cp)) ? 1 : 2;
      BMP[cp] = known;
    }
    return known === 1;
  }
  let known = ASTRAL.get(cp);
  if (known === undefined) {
    known = WORD_CHAR.test(String.fromCodePoint(cp));
    // Bounded: a text can name any number of distinct astral code points.
    if (ASTRAL.size < 4096) ASTRAL.set(cp, known);
  }
  return known;
}

/** Most word tokens `text` can hold (they are at least one character apart). */
export function maxWordTokens(text: string): number {
  return (text.length + 1) >>> 1;
}

/**
 * Writes to `out` (at least maxWordTokens(text) long) the FNV-1a hash, from `seed`, of the UTF-16
 * code units of each word token of `text`, in order, and returns how many there are. Same values
 * as fnvString(match[0], seed) for each regex match.
 */
export function wordTokenHashes(text: string, seed: number, out: Int32Array): number {
  const length = text.length;
  let count = 0;
  let h = seed;
  let inWord = false;
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    let units = 1;
    let word: boolean;
    if (c < 0x80) {
      word = BMP[c] === 1;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < length) {
      // The u flag reads a high surrogate followed by a low one as one code point.
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        units = 2;
        word = isWordCodePoint(((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000);
      } else {
        word = false;
      }
    } else {
      word = isWordCodePoint(c);
    }
    if (word) {
      if (!inWord) {
        h = seed;
        inWord = true;
      }
      h = Math.imul(h ^ c, 0x01000193);
      if (units === 2) h = Math.imul(h ^ text.charCodeAt(i + 1), 0x01000193);
    } else if (inWord) {
      out[count++] = h;
      inWord = false;
    }
    i += units;
  }
  if (inWord) out[count++] = h;
  return count;
}
