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

  /**
   * Merges with a priority queue (lowest rank, then leftmost first) over a linked list of
   * symbols, as the Rust library does: O(n log n), so a long word without spaces stays cheap.
   */
  function mergeAll(symbols: number[]): number[] {
    const n = symbols.length;
    if (n < 2) return symbols;
    const ids = Int32Array.from(symbols);
    const prev = Int32Array.from({ length: n }, (_, i) => i - 1);
    const next = Int32Array.from({ length: n }, (_, i) => (i + 1 < n ? i + 1 : -1));
    const removed = new Uint8Array(n);
    const heap = new MergeHeap();
    const push = (pos: number, right: number): void => {
      const merge = merges.get(`${ids[pos]},${ids[right]}`);
      if (merge) heap.push(merge[0], pos, merge[1]);
    };
    for (let i = 0; i + 1 < n; i++) push(i, i + 1);
    for (let top = heap.pop(); top; top = heap.pop()) {
      const [, pos, newId] = top;
      const right = next[pos] as number;
      if (removed[pos] || right < 0) continue;
      // Stale entry: the pair at pos changed since it was queued.
      const current = merges.get(`${ids[pos]},${ids[right]}`);
      if (!current || current[1] !== newId) continue;
      ids[pos] = newId;
      removed[right] = 1;
      const after = next[right] as number;
      next[pos] = after;
      if (after >= 0) prev[after] = pos;
      if ((prev[pos] as number) >= 0) push(prev[pos] as number, pos);
      if (after >= 0) push(pos, after);
    }
    const out: number[] = [];
    for (let i = 0; i >= 0; i = next[i] as number) out.push(ids[i] as number);
    return out;
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

/** Min-heap of pending merges ordered by rank, then position. */
class MergeHeap {
  private readonly items: Array<[rank: number, pos: number, id: number]> = [];

  private less(a: [number, number, number], b: [number, number, number]): boolean {
    return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  }

  push(rank: number, pos: number, id: number): void {
    const items = this.items;
    items.push([rank, pos, id]);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(items[i] as [number, number, number], items[parent] as [number, number, number])) break;
      [items[i], items[parent]] = [items[parent] as [number, number, number], items[i] as [number, number, number]];
      i = parent;
    }
  }

  pop(): [number, number, number] | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let smallest = i;
        if (l < items.length && this.less(items[l] as [number, number, number], items[smallest] as [number, number, number])) smallest = l;
        if (r < items.length && this.less(items[r] as [number, number, number], items[smallest] as [number, number, number])) smallest = r;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest] as [number, number, number], items[i] as [number, number, number]];
        i = smallest;
      }
    }
    return top;
  }
}
