/**
 * Byte-pair encoding (GPT-2, RoBERTa, Llama): a word starts as characters and the lowest-ranked
 * adjacent pair is merged until no merge applies.
 */
import { z } from "zod";
import { parseComponent, TokenizerConfigError } from "./errors.js";
import type { TokenModel } from "./model.js";

export const bpeSchema = z.object({
  type: z.literal("BPE"),
  vocab: z.record(z.string(), z.number().int().nonnegative()),
  merges: z.array(z.union([z.string(), z.tuple([z.string(), z.string()])])).default([]),
  unk_token: z.string().nullable().default(null),
  continuing_subword_prefix: z.string().nullable().default(null),
  end_of_word_suffix: z.string().nullable().default(null),
  fuse_unk: z.boolean().default(false),
  byte_fallback: z.boolean().default(false),
  ignore_merges: z.boolean().default(false),
});

const CACHE_LIMIT = 10_000;

export function bpe(config: unknown, at: string): TokenModel {
  const options = parseComponent(bpeSchema, config, at);
  const vocab = new Map(Object.entries(options.vocab));
  const prefix = options.continuing_subword_prefix ?? "";
  // (left id, right id) → [rank, merged id]
  const merges = new Map<string, [number, number]>();
  options.merges.forEach((merge, rank) => {
    let pair: readonly [string, string];
    if (typeof merge === "string") {
      const parts = merge.split(" ");
      if (parts.length !== 2) throw new TokenizerConfigError(`${at}.merges[${rank}]`, `expected "left right", got ${JSON.stringify(merge)}`);
      pair = [parts[0] as string, parts[1] as string];
    } else {
      pair = merge;
    }
    const [a, b] = pair;
    const left = vocab.get(a);
    const right = vocab.get(b);
    const merged = a + (prefix && b.startsWith(prefix) ? b.slice(prefix.length) : b);
    const mergedId = vocab.get(merged);
    if (left === undefined || right === undefined || mergedId === undefined) {
      throw new TokenizerConfigError(`${at}.merges[${rank}]`, `merge ${JSON.stringify(`${a} ${b}`)} uses a token that is not in the vocabulary`);
    }
    const key = `${left},${right}`;
    if (!merges.has(key)) merges.set(key, [rank, mergedId]);
  });
  let unkId: number | undefined;
  if (options.unk_token !== null) {
    unkId = vocab.get(options.unk_token);
    if (unkId === undefined) throw new TokenizerConfigError(`${at}.unk_token`, `"${options.unk_token}" is not in the vocabulary`);
  }
  const cache = new Map<string, number[]>();

  function initialSymbols(word: string): number[] {
    const chars = [...word];
    const symbols: number[] = [];
    let pendingUnk = false;
    chars.forEach((c, i) => {
      let s = c;
      if (i > 0 && options.continuing_subword_prefix) s = options.continuing_subword_prefix + s;
      if (i === chars.length - 1 && options.end_of_word_suffix) s = s + options.end_of_word_suffix;
      const id = vocab.get(s);
      if (id !== undefined) {
        if (pendingUnk && unkId !== undefined) symbols.push(unkId);
        pendingUnk = false;
        symbols.push(id);
        return;
      }
      if (options.byte_fallback) {
        const bytes = [...new TextEncoder().encode(s)].map((b) => vocab.get(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`));
        if (bytes.every((b): b is number => b !== undefined)) {
          if (pendingUnk && unkId !== undefined) symbols.push(unkId);
          pendingUnk = false;
          symbols.push(...bytes);
          return;
        }
      }
      if (unkId === undefined) return;
      if (pendingUnk && !options.fuse_unk) symbols.push(unkId);
      pendingUnk = true;
    });
    if (pendingUnk && unkId !== undefined) symbols.push(unkId);
    return symbols;
  }

  function mergeAll(symbols: number[]): number[] {
    for (;;) {
      let best: { index: number; rank: number; id: number } | undefined;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const merge = merges.get(`${symbols[i]},${symbols[i + 1]}`);
        if (merge && (!best || merge[0] < best.rank)) best = { index: i, rank: merge[0], id: merge[1] };
      }
      if (!best) return symbols;
      symbols.splice(best.index, 2, best.id);
    }
  }

  return {
    vocabSize: vocab.size,
    tokenToId: (token) => vocab.get(token),
    tokenize(word) {
      if (options.ignore_merges) {
        const whole = vocab.get(word);
        if (whole !== undefined) return [whole];
      }
      const cached = cache.get(word);
      if (cached) return cached;
      const ids = mergeAll(initialSymbols(word));
      if (cache.size < CACHE_LIMIT) cache.set(word, ids);
      return ids;
    },
  };
}
