/**
 * Character classes as the Hugging Face `tokenizers` library defines them, so a pure-JS
 * tokenizer produces the ids the model was trained on.
 */

const WHITE_SPACE = /\p{White_Space}/u;
const NONSPACING_MARK = /\p{Mn}/gu;
const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
const UNICODE_PUNCT = /\p{P}/u;

/** Tab, LF and CR count as whitespace; so does every White_Space character. */
export function isWhitespace(c: string): boolean {
  return WHITE_SPACE.test(c);
}

/** BERT's punctuation: all ASCII punctuation (including $ + < = > ^ ` | ~) and Unicode P*. */
export function isBertPunctuation(c: string): boolean {
  return ASCII_PUNCT.test(c) || UNICODE_PUNCT.test(c);
}

export function removeNonspacingMarks(text: string): string {
  return text.replace(NONSPACING_MARK, "");
}

/** Per-character lowercasing, as the Rust library does (no context-dependent final sigma). */
export function lowercaseChars(text: string): string {
  // Σ is the only character whose lowercase depends on context in JavaScript.
  if (!text.includes("Σ")) return text.toLowerCase();
  let out = "";
  for (const c of text) out += c.toLowerCase();
  return out;
}
