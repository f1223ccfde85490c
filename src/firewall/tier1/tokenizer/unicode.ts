/**
 * Character classes as the Hugging Face `tokenizers` library defines them, so a pure-JS
 * tokenizer produces the ids the model was trained on.
 */

const WHITE_SPACE = /\p{White_Space}/u;
const OTHER = /\p{C}/u;
const NONSPACING_MARK = /\p{Mn}/gu;
const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
const UNICODE_PUNCT = /\p{P}/u;

/** Tab, LF and CR count as whitespace; so does every White_Space character. */
export function isWhitespace(c: string): boolean {
  return WHITE_SPACE.test(c);
}

/** Control characters (categories C*), except tab, LF and CR which are whitespace. */
export function isControl(c: string): boolean {
  if (c === "\t" || c === "\n" || c === "\r") return false;
  return OTHER.test(c);
}

/** BERT's punctuation: all ASCII punctuation (including $ + < = > ^ ` | ~) and Unicode P*. */
export function isBertPunctuation(c: string): boolean {
  return ASCII_PUNCT.test(c) || UNICODE_PUNCT.test(c);
}

/** CJK ideographs, which BERT surrounds with spaces so each is its own word. */
export function isChineseChar(c: string): boolean {
  const cp = c.codePointAt(0) ?? 0;
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b920 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

export function removeNonspacingMarks(text: string): string {
  return text.replace(NONSPACING_MARK, "");
}

/** Per-character lowercasing, as the Rust library does (no context-dependent final sigma). */
export function lowercaseChars(text: string): string {
  let out = "";
  for (const c of text) out += c.toLowerCase();
  return out;
}
