/**
 * Patterns in tokenizer.json: `{ String: "..." }` (literal) or `{ Regex: "..." }` (Oniguruma
 * syntax in the Rust library). JavaScript lacks inline flag groups such as `(?i:'s|'t)`, used by
 * Llama 3 and GPT-4o style pre-tokenizers; those are rewritten to character classes.
 */
import { z } from "zod";
import { TokenizerConfigError } from "./errors.js";

export const patternSchema = z.union([z.object({ String: z.string() }), z.object({ Regex: z.string() })]);
export type Pattern = z.output<typeof patternSchema>;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** `(?i:abc)` → `(?:[aA][bB][cC])`, for groups made of literal text and alternation only. */
function expandCaseInsensitiveGroups(source: string, at: string): string {
  return source.replace(/\(\?i:([^()]*)\)/g, (_m, body: string) => {
    if (/[\\[\]{}*+?.^$]/.test(body)) throw new TokenizerConfigError(at, `cannot translate the case-insensitive group (?i:${body}) to a JavaScript regex`);
    const expanded = [...body]
      .map((c) => {
        const lower = c.toLowerCase();
        const upper = c.toUpperCase();
        return lower !== upper ? `[${lower}${upper}]` : c === "|" ? "|" : escapeRegex(c);
      })
      .join("");
    return `(?:${expanded})`;
  });
}

export function compilePattern(pattern: Pattern, at: string): RegExp {
  if ("String" in pattern) return new RegExp(escapeRegex(pattern.String), "gu");
  const source = expandCaseInsensitiveGroups(pattern.Regex, at);
  try {
    return new RegExp(source, "gu");
  } catch (error) {
    throw new TokenizerConfigError(at, `regex ${JSON.stringify(pattern.Regex)} is not valid in JavaScript: ${(error as Error).message}`);
  }
}
