/**
 * SentencePiece's precompiled normalization map (the `Precompiled` normalizer of DeBERTa-v3,
 * mDeBERTa / Prompt Guard, T5, ALBERT...). The blob is a little-endian u32 trie size, a
 * darts-clone double-array trie over UTF-8 bytes, then NUL-terminated replacement strings the
 * trie's values point into. Each grapheme (or, failing that, each character) found in the trie
 * is replaced, which is how the Rust library applies it.
 */
import { TokenizerConfigError } from "./errors.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

function hasLeaf(unit: number): boolean {
  return ((unit >>> 8) & 1) === 1;
}
function value(unit: number): number {
  return unit & 0x7fffffff;
}
function label(unit: number): number {
  return (unit & 0x800000ff) >>> 0;
}
function offset(unit: number): number {
  return (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
}

export class PrecompiledCharsmap {
  private readonly cache = new Map<string, string | null>();

  private constructor(
    private readonly trie: Uint32Array,
    private readonly normalized: Uint8Array,
  ) {}

  static fromBase64(encoded: string, at: string): PrecompiledCharsmap {
    const bytes = Buffer.from(encoded, "base64");
    if (bytes.length < 4) throw new TokenizerConfigError(at, "precompiled_charsmap is too short");
    const trieSize = bytes.readUInt32LE(0);
    if (trieSize % 4 !== 0 || 4 + trieSize > bytes.length) {
      throw new TokenizerConfigError(at, `precompiled_charsmap is malformed (trie of ${trieSize} bytes in a ${bytes.length}-byte blob)`);
    }
    const trie = new Uint32Array(trieSize / 4);
    for (let i = 0; i < trie.length; i++) trie[i] = bytes.readUInt32LE(4 + i * 4);
    const normalized = new Uint8Array(bytes.subarray(4 + trieSize));
    return new PrecompiledCharsmap(trie, normalized);
  }

  /** Values of every key that is a prefix of `key`, shortest first. */
  private commonPrefixSearch(key: Uint8Array): number[] {
    const results: number[] = [];
    const unitAt = (pos: number): number | undefined => this.trie[pos];
    let unit = unitAt(0);
    if (unit === undefined) return results;
    let pos = offset(unit);
    for (const c of key) {
      if (c === 0) break;
      pos ^= c;
      unit = unitAt(pos);
      if (unit === undefined || label(unit) !== c) return results;
      pos ^= offset(unit);
      if (hasLeaf(unit)) {
        const leaf = unitAt(pos);
        if (leaf !== undefined) results.push(value(leaf));
      }
    }
    return results;
  }

  /** The replacement for a chunk, or null when the map leaves it alone. */
  private transform(chunk: string): string | null {
    const cached = this.cache.get(chunk);
    if (cached !== undefined) return cached;
    const results = this.commonPrefixSearch(encoder.encode(chunk));
    let replacement: string | null = null;
    const start = results[0];
    if (start !== undefined && start < this.normalized.length) {
      let end = start;
      while (end < this.normalized.length && this.normalized[end] !== 0) end++;
      replacement = decoder.decode(this.normalized.subarray(start, end));
    }
    if (this.cache.size < 10_000) this.cache.set(chunk, replacement);
    return replacement;
  }

  normalize(text: string): string {
    // Grapheme segmentation is slow (microseconds per character). Runs of ASCII need none: each
    // character is its own grapheme except CR LF. Only stretches with non-ASCII characters, plus
    // one ASCII neighbour on each side (a combining mark may follow an ASCII letter), go
    // through the segmenter.
    let out = "";
    let at = 0;
    for (const m of text.matchAll(COMPLEX)) {
      out += this.ascii(text.slice(at, m.index));
      out += this.graphemes(m[0]);
      at = m.index + m[0].length;
    }
    return out + this.ascii(text.slice(at));
  }

  private ascii(text: string): string {
    let out = "";
    for (let i = 0; i < text.length; i++) {
      const chunk = text[i] === "\r" && text[i + 1] === "\n" ? "\r\n" : (text[i] as string);
      i += chunk.length - 1;
      const whole = this.transform(chunk);
      if (whole !== null) out += whole;
      else for (const c of chunk) out += this.transform(c) ?? c;
    }
    return out;
  }

  private graphemes(text: string): string {
    let out = "";
    for (const { segment } of segmenter.segment(text)) {
      // The Rust library tries the whole grapheme only when it is under 6 UTF-8 bytes.
      if (utf8Length(segment) < 6) {
        const whole = this.transform(segment);
        if (whole !== null) {
          out += whole;
          continue;
        }
      }
      for (const c of segment) out += this.transform(c) ?? c;
    }
    return out;
  }
}

/** Non-ASCII stretches with one ASCII character (or CR LF) of context on each side. */
const COMPLEX = /(?:\r\n|[\x00-\x7f])?(?:[^\x00-\x7f]+(?:\r\n|[\x00-\x7f])?)+/g;

function utf8Length(text: string): number {
  let n = 0;
  for (const c of text) {
    const cp = c.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}
