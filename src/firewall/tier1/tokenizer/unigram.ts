/**
 * Unigram language-model tokenization (SentencePiece: DeBERTa-v3, mDeBERTa / Prompt Guard, T5,
 * XLM-R): the segmentation of a word whose pieces' log-probabilities sum highest, found with
 * Viterbi. A character no piece covers costs the lowest score minus 10 and becomes the unknown
 * piece; adjacent unknowns are fused into one, as SentencePiece does.
 */
import { z } from "zod";
import { parseComponent, TokenizerConfigError } from "./errors.js";
import type { TokenModel } from "./model.js";

export const unigramSchema = z.object({
  type: z.literal("Unigram"),
  unk_id: z.number().int().nonnegative().nullable().default(null),
  byte_fallback: z.boolean().default(false),
  vocab: z.array(z.tuple([z.string(), z.number()])).min(1),
});

const UNK_PENALTY = 10;
const CACHE_LIMIT = 10_000;

export function unigram(config: unknown, at: string): TokenModel {
  const options = parseComponent(unigramSchema, config, at);
  const pieces = options.vocab;
  // A hash of pieces rather than a trie: large multilingual vocabularies (250k pieces) load fast
  // and stay small, and pre-tokenized words are short, so trying each length is cheap.
  const ids = new Map<string, number>();
  let minScore = Infinity;
  let longest = 0;
  pieces.forEach(([piece, score], id) => {
    // A piece listed twice resolves to its last id, as in the Rust library.
    ids.set(piece, id);
    minScore = Math.min(minScore, score);
    longest = Math.max(longest, piece.length);
  });
  const unkId = options.unk_id;
  if (unkId !== null && unkId >= pieces.length) throw new TokenizerConfigError(`${at}.unk_id`, `${unkId} is outside the vocabulary (${pieces.length} pieces)`);
  const unkScore = minScore - UNK_PENALTY;
  const cache = new Map<string, number[]>();

  /** The best segmentation as [start, end, id] spans. */
  function viterbi(word: string): Array<[number, number, number]> {
    const n = word.length;
    const bestScore = new Float64Array(n + 1);
    const startOf = new Int32Array(n + 1).fill(-1);
    const idOf = new Int32Array(n + 1);
    startOf[0] = 0;
    let pos = 0;
    while (pos < n) {
      const here = bestScore[pos] as number;
      const charLen = (word.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1;
      let hasSingleChar = false;
      const limit = Math.min(n, pos + longest);
      // Candidate pieces starting here, shortest first, advancing a whole code point at a time.
      for (let end = pos + charLen; end <= limit; end += (word.codePointAt(end) ?? 0) > 0xffff ? 2 : 1) {
        const id = ids.get(word.slice(pos, end));
        if (id === undefined) continue;
        const candidate = here + (pieces[id] as [string, number])[1];
        if (startOf[end] === -1 || candidate > (bestScore[end] as number)) {
          bestScore[end] = candidate;
          startOf[end] = pos;
          idOf[end] = id;
        }
        if (end - pos === charLen) hasSingleChar = true;
      }
      if (!hasSingleChar) {
        if (unkId === null) throw new TokenizerConfigError(at, `character ${JSON.stringify(word.slice(pos, pos + charLen))} is not covered and the model has no unk_id`);
        const target = pos + charLen;
        const candidate = here + unkScore;
        if (startOf[target] === -1 || candidate > (bestScore[target] as number)) {
          bestScore[target] = candidate;
          startOf[target] = pos;
          idOf[target] = unkId;
        }
      }
      pos += charLen;
    }
    const spans: Array<[number, number, number]> = [];
    let end = n;
    while (end > 0) {
      const start = startOf[end] as number;
      const id = idOf[end] as number;
      const previous = spans[spans.length - 1];
      // Walking backwards: fuse this unknown into the unknown span that follows it.
      if (id === unkId && previous && previous[2] === unkId) previous[0] = start;
      else spans.push([start, end, id]);
      end = start;
    }
    return spans.reverse();
  }

  function byteFallback(text: string): number[] | undefined {
    const out: number[] = [];
    for (const b of new TextEncoder().encode(text)) {
      const id = ids.get(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`);
      if (id === undefined) return undefined;
      out.push(id);
    }
    return out;
  }

  return {
    vocabSize: pieces.length,
    tokenToId: (token) => ids.get(token),
    tokenize(word) {
      if (word.length === 0) return [];
      const cached = cache.get(word);
      if (cached) return cached;
      const out: number[] = [];
      for (const [start, end, id] of viterbi(word)) {
        if (id === unkId && options.byte_fallback) {
          const bytes = byteFallback(word.slice(start, end));
          if (bytes) {
            out.push(...bytes);
            continue;
          }
        }
        out.push(id);
      }
      if (cache.size < CACHE_LIMIT) cache.set(word, out);
      return out;
    },
  };
}
