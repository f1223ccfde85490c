/**
 * 32-bit hashing for the hashing trick. FNV-1a is cheap to extend one character at a time (so all
 * character n-grams starting at a position come from one pass); the murmur3 finaliser then spreads
 * its weak low bits before they pick a bucket.
 */

export const FNV_OFFSET = 0x811c9dc5;

export function fnvStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193);
}

export function fnvString(text: string, seed: number = FNV_OFFSET): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = fnvStep(h, text.charCodeAt(i));
  return h;
}

/** murmur3 fmix32: full avalanche, so any bit range of the result is usable. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Order-sensitive combination of two hashes (word n-grams). */
export function combine(a: number, b: number): number {
  return mix32((Math.imul(a, 0x9e3779b1) ^ b) >>> 0);
}
