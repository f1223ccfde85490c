/**
 * Normalisation for detection (never for forwarding): folds the obfuscations attackers use to slip
 * past n-gram models back onto plain text, so "1gn0r3 a l l  рrеvіоus" and "ignore all previous"
 * produce the same features. The result is lower-case, accent-free, single-spaced text.
 */
import { CONFUSABLES, isForeignConfusable, regionalIndicatorLetter } from "./confusables.js";

// Format characters (zero-width, bidi, tags, soft hyphen) and fillers that render as nothing.
const INVISIBLE = /[\p{Cf}\u034F\u115F\u1160\u3164\uFFA0\uFE00-\uFE0F]/gu;
// Combining marks that sit on Latin, Greek or Cyrillic letters (accents, Zalgo stacks, enclosing
// circles); marks of Indic and other scripts are part of their letters and stay.
const LATIN_MARKS = /[\u0300-\u036F\u0483-\u0489\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]/g;
const REGIONAL_INDICATOR = /[\u{1F1E6}-\u{1F1FF}]/gu;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const LATIN_LETTER = /\p{Script=Latin}/u;
// Any character of the confusables table: most text has none, and skips the per-word work.
const CONFUSABLE_CHAR = new RegExp(`[${[...CONFUSABLES.keys()].join("")}]`, "u");
const LETTER = /\p{L}/u;
const REPEATED_PUNCTUATION = /([^\p{L}\p{N}\s])\1{3,}/gu;
// Whitespace that is not already a single space: runs of two or more, and lone tabs, newlines,
// no-break spaces... Replacing only these gives what /\s+/g -> " " gives, without rebuilding
// the string at every space of ordinary prose.
const WHITESPACE = /\s{2,}|[^\S ]/g;
const DIGIT = /\d/g;
const NON_ASCII = /[^\0-\x7F]/;

/**
 * Swaps look-alike letters from other scripts for Latin ones inside words that are Latin already
 * ("іgnore") and, in text that is mostly Latin, inside words made only of look-alikes ("оре").
 * Genuine Cyrillic or Greek words in Cyrillic or Greek text are left alone.
 */
export function foldConfusables(text: string): string {
  if (!CONFUSABLE_CHAR.test(text)) return text;
  let latin = 0;
  let letters = 0;
  for (const ch of text) {
    if (!LETTER.test(ch)) continue;
    letters++;
    if (LATIN_LETTER.test(ch)) latin++;
  }
  const mostlyLatin = letters > 0 && latin / letters >= 0.5;
  return text.replace(WORD, (word) => {
    let hasLatin = false;
    let hasConfusable = false;
    let allConfusable = true;
    for (const ch of word) {
      const foreign = isForeignConfusable(ch);
      if (foreign) hasConfusable = true;
      else if (LATIN_LETTER.test(ch)) hasLatin = true;
      if (!foreign && !LATIN_LETTER.test(ch)) allConfusable = false;
      if (CONFUSABLES.has(ch) && LATIN_LETTER.test(ch)) hasConfusable = true;
    }
    if (!hasConfusable) return word;
    if (!hasLatin && !(mostlyLatin && allConfusable)) return word;
    let out = "";
    for (const ch of word) out += CONFUSABLES.get(ch) ?? ch;
    return out;
  });
}

const LEET: Readonly<Record<string, string>> = {
  "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
  "@": "a", "$": "s", "!": "i", "|": "l", "€": "e", "+": "t",
};
// A token of letters and leet characters with at least one letter and one leet character.
const LEET_TOKEN = /(?<![\p{L}\p{N}@$!|€+])[\p{L}0-9@$!|€+]*\p{L}[\p{L}0-9@$!|€+]*(?![\p{L}\p{N}@$!|€+])/gu;
const LEET_CHAR = /[0-9@$!|€+]/;
const LEET_ADJACENT = /\p{L}[0-9@$!|€+]|[0-9@$!|€+]\p{L}/u;
// Ordinary letter-digit tokens that are not leetspeak: gpt4, covid19, 24h, 3d, 2fa, 10am, mp3.
const NOT_LEET = /^(?:\p{L}+\d+|\d+\p{L}{1,3})$/u;

/** "1gn0r3" -> "ignore", "@ll" -> "all", "$y$tem" -> "system"; plain words and numbers stay. */
export function foldLeetspeak(text: string): string {
  if (!LEET_ADJACENT.test(text)) return text;
  return text.replace(LEET_TOKEN, (token) => {
    if (!LEET_CHAR.test(token) || token.length < 3) return token;
    // Trailing punctuation is punctuation ("wow!"), not leetspeak.
    const core = token.replace(/[!|+]+$/u, "");
    if (!LEET_CHAR.test(core) || NOT_LEET.test(core)) return token;
    let out = "";
    for (const ch of token) out += LEET[ch] ?? ch;
    return out;
  });
}

// Three or more single letters separated by the same space, dot, dash, underscore or asterisk.
const SPACED = /(?<![\p{L}\p{N}])\p{L}([ .\-_*])\p{L}(?:\1\p{L})+(?![\p{L}\p{N}])/gu;

/**
 * "i g n o r e  a l l" -> "ignore all": runs of single letters are joined; a wider gap (two or
 * more spaces, or " / ") between runs stays a word break.
 */
export function joinSpacedLetters(text: string): string {
  return text.replace(SPACED, (run, separator: string) => {
    if (separator === "." && run.length <= 5) return run; // abbreviations such as "u.s.a"
    return run.split(separator).join("");
  });
}

/** Normalise text for detection. Deterministic and allocation-light: it runs on every request. */
export function normalizeForDetection(text: string): string {
  let t = text;
  // Up to the confusables, every step leaves ASCII alone (no format characters, marks, regional
  // indicators or look-alikes in it, and Unicode normalisation does not change it): most prompts
  // skip them.
  if (NON_ASCII.test(t)) t = foldUnicode(t);
  t = t.toLowerCase();
  t = joinSpacedLetters(t);
  t = foldLeetspeak(t);
  t = t.replace(DIGIT, "0");
  t = t.replace(REPEATED_PUNCTUATION, "$1$1$1");
  return t.replace(WHITESPACE, " ").trim();
}

/** Invisible characters, compatibility forms, accents, regional indicators and look-alikes. */
function foldUnicode(text: string): string {
  let t = text.replace(INVISIBLE, "");
  t = t.normalize("NFKC");
  // Decompose to strip accents and Zalgo marks, then recompose what is left.
  t = t.normalize("NFD").replace(LATIN_MARKS, "").normalize("NFC");
  if (REGIONAL_INDICATOR.test(t)) {
    t = t.replace(REGIONAL_INDICATOR, (ch) => regionalIndicatorLetter(ch.codePointAt(0) ?? 0) ?? ch);
  }
  return foldConfusables(t);
}
