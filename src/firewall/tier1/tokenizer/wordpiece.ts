/** WordPiece (BERT): greedy longest-match-first; a word with any unknown part becomes [UNK]. */
import { z } from "zod";
import { parseComponent, TokenizerConfigError } from "./errors.js";
import type { TokenModel } from "./model.js";

export const wordPieceSchema = z.object({
  type: z.literal("WordPiece"),
  unk_token: z.string().default("[UNK]"),
  continuing_subword_prefix: z.string().default("##"),
  max_input_chars_per_word: z.number().int().positive().default(100),
  vocab: z.record(z.string(), z.number().int().nonnegative()),
});

export function wordPiece(config: unknown, at: string): TokenModel {
  const options = parseComponent(wordPieceSchema, config, at);
  const vocab = new Map(Object.entries(options.vocab));
  const unkId = vocab.get(options.unk_token);
  if (unkId === undefined) throw new TokenizerConfigError(`${at}.unk_token`, `"${options.unk_token}" is not in the vocabulary`);
  const prefix = options.continuing_subword_prefix;
  const maxChars = options.max_input_chars_per_word;

  return {
    vocabSize: vocab.size,
    tokenToId: (token) => vocab.get(token),
    tokenize(word) {
      const chars = [...word];
      if (chars.length > maxChars) return [unkId];
      const ids: number[] = [];
      let start = 0;
      while (start < chars.length) {
        let end = chars.length;
        let found: number | undefined;
        while (start < end) {
          const sub = chars.slice(start, end).join("");
          found = vocab.get(start > 0 ? prefix + sub : sub);
          if (found !== undefined) break;
          end--;
        }
        if (found === undefined) return [unkId];
        ids.push(found);
        start = end;
      }
      return ids;
    },
  };
}
