/**
 * Tier 0: removes invisible, control, bidi and tag characters, and decodes the ASCII that Unicode
 * tag characters can spell ("ASCII smuggling"). Legitimate uses survive: ZWJ inside emoji
 * sequences, variation selectors on emoji, flag tag sequences, RLM/LRM inside right-to-left text
 * and ZWNJ inside Persian or Indic words.
 */

export type CharClass =
  | "control"
  | "zero_width"
  | "bidi"
  | "line_separator"
  | "annotation"
  | "variation_selector"
  | "tag";

export interface SanitizedText {
  text: string;
  removed: Partial<Record<CharClass, number>>;
  hiddenText: string[];
}

// Any character Tier 0 may act on; text without one is returned as is, in a single regex test.
const SUSPECT =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u034F\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\uFE00-\uFE0F\uFEFF\uFFF9-\uFFFB\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/u;

const EXTENDED_PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const EMOJI_MODIFIER = /\p{Emoji_Modifier}/u;
const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/u;
const JOINING_SCRIPT_LETTER = /[\p{Script=Arabic}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{Script=Syriac}]/u;
const CJK_IDEOGRAPH = /\p{Unified_Ideograph}/u;
const KEYCAP_BASE = /[0-9#*]/;

const BLACK_FLAG = 0x1f3f4;
const CANCEL_TAG = 0xe007f;
const MAX_FLAG_TAGS = 7; // subdivision flags spell a region code such as "gbsct"

export function hasSuspectCharacters(text: string): boolean {
  return SUSPECT.test(text);
}

function classify(cp: number): CharClass | undefined {
  if (cp <= 0x1f) return cp === 0x09 || cp === 0x0a || cp === 0x0d ? undefined : "control";
  if (cp >= 0x7f && cp <= 0x9f) return "control";
  if (cp === 0x00ad || cp === 0x034f || cp === 0x180e || cp === 0xfeff) return "zero_width";
  if (cp >= 0x200b && cp <= 0x200f) return "zero_width";
  if (cp >= 0x2060 && cp <= 0x2064) return "zero_width";
  if (cp === 0x061c || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) return "bidi";
  if (cp === 0x2028 || cp === 0x2029) return "line_separator";
  if (cp >= 0xfff9 && cp <= 0xfffb) return "annotation";
  if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef)) return "variation_selector";
  if (cp >= 0xe0000 && cp <= 0xe007f) return "tag";
  return undefined;
}

function charAt(cps: number[], i: number): string {
  const cp = cps[i];
  return cp === undefined ? "" : String.fromCodePoint(cp);
}

/** The nearest code point before i (skipping variation selectors and emoji modifiers). */
function emojiBaseBefore(cps: number[], i: number): string {
  let j = i - 1;
  while (j >= 0) {
    const c = charAt(cps, j);
    const cp = cps[j] ?? 0;
    if ((cp >= 0xfe00 && cp <= 0xfe0f) || EMOJI_MODIFIER.test(c)) {
      j--;
      continue;
    }
    return c;
  }
  return "";
}

function isLegitimate(cps: number[], i: number, cp: number, out: string[]): boolean {
  const prev = charAt(cps, i - 1);
  const next = charAt(cps, i + 1);
  switch (cp) {
    case 0x200d: // ZWJ joins emoji (family, profession, flag sequences)
      return EXTENDED_PICTOGRAPHIC.test(emojiBaseBefore(cps, i)) && EXTENDED_PICTOGRAPHIC.test(next);
    case 0x200c: // ZWNJ shapes Persian and Indic words
      return JOINING_SCRIPT_LETTER.test(prev) && JOINING_SCRIPT_LETTER.test(next);
    case 0x200e:
    case 0x200f: {
      // LRM/RLM are ordinary punctuation helpers in right-to-left text.
      const context = out.slice(-8).join("") + cps.slice(i + 1, i + 9).map((c) => String.fromCodePoint(c)).join("");
      return RTL_LETTER.test(context);
    }
    case 0xfe0e:
    case 0xfe0f: // text/emoji presentation right after an emoji or a keycap base
      return (EXTENDED_PICTOGRAPHIC.test(prev) || KEYCAP_BASE.test(prev)) && !isVariationSelector(cps[i - 1]);
    default:
      if (cp >= 0xe0100 && cp <= 0xe01ef) {
        // One ideographic variation selector after a CJK ideograph is a real glyph choice;
        // runs of them are a known way to encode hidden bytes.
        return CJK_IDEOGRAPH.test(prev);
      }
      return false;
  }
}

function isVariationSelector(cp: number | undefined): boolean {
  return cp !== undefined && ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef));
}

/** Length of a valid emoji tag sequence (black flag, 2-7 tag letters/digits, cancel tag) at i. */
function flagTagSequenceLength(cps: number[], i: number): number {
  if (cps[i] !== BLACK_FLAG) return 0;
  let j = i + 1;
  while (j < cps.length && j - i - 1 <= MAX_FLAG_TAGS) {
    const cp = cps[j] ?? 0;
    const isTagAlnum = (cp >= 0xe0030 && cp <= 0xe0039) || (cp >= 0xe0061 && cp <= 0xe007a);
    if (!isTagAlnum) break;
    j++;
  }
  const tags = j - i - 1;
  return tags >= 2 && tags <= MAX_FLAG_TAGS && cps[j] === CANCEL_TAG ? j - i + 1 : 0;
}

export function sanitizeText(text: string): SanitizedText {
  if (!SUSPECT.test(text)) return { text, removed: {}, hiddenText: [] };

  const cps = Array.from(text, (c) => c.codePointAt(0) ?? 0);
  const out: string[] = [];
  const removed: Partial<Record<CharClass, number>> = {};
  const hiddenText: string[] = [];
  let hidden = "";

  const flushHidden = (): void => {
    if (hidden.trim().length > 0) hiddenText.push(hidden);
    hidden = "";
  };

  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i] ?? 0;
    const flagLength = flagTagSequenceLength(cps, i);
    if (flagLength > 0) {
      for (let k = 0; k < flagLength; k++) out.push(charAt(cps, i + k));
      i += flagLength - 1;
      continue;
    }
    const cls = classify(cp);
    if (cls === undefined) {
      flushHidden();
      out.push(String.fromCodePoint(cp));
      continue;
    }
    if (cls !== "tag" && isLegitimate(cps, i, cp, out)) {
      out.push(String.fromCodePoint(cp));
      continue;
    }
    removed[cls] = (removed[cls] ?? 0) + 1;
    if (cls === "tag") {
      // Tag characters U+E0020-E007E mirror printable ASCII.
      if (cp >= 0xe0020 && cp <= 0xe007e) hidden += String.fromCharCode(cp - 0xe0000);
    } else if (cls !== "variation_selector" && cls !== "zero_width") {
      flushHidden();
    }
  }
  flushHidden();
  return { text: out.join(""), removed, hiddenText };
}
