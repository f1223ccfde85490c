/**
 * Added tokens (`added_tokens` in tokenizer.json: [CLS], <s>, <|endoftext|>, ...) are cut out of
 * the raw text before normalization and map straight to their ids, as in the Rust library.
 * Matching is on the raw text, longest token first; lstrip/rstrip swallow neighbouring
 * whitespace and single_word requires word boundaries.
 */
import { z } from "zod";

export const addedTokenSchema = z.object({
  id: z.number().int().nonnegative(),
  content: z.string().min(1),
  single_word: z.boolean().default(false),
  lstrip: z.boolean().default(false),
  rstrip: z.boolean().default(false),
  normalized: z.boolean().default(false),
  special: z.boolean().default(false),
});
export type AddedToken = z.output<typeof addedTokenSchema>;

/** A run of the input: either plain text (offset into the original) or an added token's id. */
export type Chunk = { text: string; offset: number } | { id: number };

const WORD_CHAR = /[\p{L}\p{N}_]/u;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

export class AddedTokens {
  private readonly regex: RegExp | undefined;
  private readonly byContent: Map<string, AddedToken>;

  constructor(tokens: readonly AddedToken[]) {
    this.byContent = new Map(tokens.map((t) => [t.content, t]));
    const contents = [...this.byContent.keys()].sort((a, b) => b.length - a.length);
    this.regex = contents.length > 0 ? new RegExp(contents.map(escapeRegex).join("|"), "gu") : undefined;
  }

  split(text: string): Chunk[] {
    if (!this.regex) return [{ text, offset: 0 }];
    const chunks: Chunk[] = [];
    let cursor = 0;
    for (const m of text.matchAll(this.regex)) {
      const token = this.byContent.get(m[0]);
      if (!token) continue;
      let start = m.index;
      let end = start + m[0].length;
      if (start < cursor) continue;
      if (token.single_word) {
        const before = text.slice(0, start).slice(-1);
        const after = text.slice(end, end + 1);
        if ((before && WORD_CHAR.test(before)) || (after && WORD_CHAR.test(after))) continue;
      }
      if (token.lstrip) while (start > cursor && /\s/u.test(text[start - 1] ?? "")) start--;
      if (token.rstrip) while (end < text.length && /\s/u.test(text[end] ?? "")) end++;
      if (start > cursor) chunks.push({ text: text.slice(cursor, start), offset: cursor });
      chunks.push({ id: token.id });
      cursor = end;
    }
    if (cursor < text.length) chunks.push({ text: text.slice(cursor), offset: cursor });
    return chunks;
  }
}
