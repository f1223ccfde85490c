/** The `pre_tokenizer` section of tokenizer.json: cutting normalized text into words. */
import { z } from "zod";
import { componentType, parseComponent, unsupported } from "./errors.js";
import { compilePattern, patternSchema } from "./pattern.js";
import { applyBehavior, behaviorSchema, charSegments, invert, regexSegments, type Segment, type SplitBehavior } from "./split.js";
import { isBertPunctuation, isWhitespace } from "./unicode.js";

/** A piece of text on its way to the model; `atStart` marks the piece that opens the input. */
export interface Piece {
  text: string;
  atStart: boolean;
}

export type PreTokenizer = (pieces: Piece[]) => Piece[];

function splitPieces(pieces: Piece[], segment: (text: string) => Segment[], behavior: SplitBehavior): Piece[] {
  const out: Piece[] = [];
  for (const piece of pieces) {
    for (const [s, e] of applyBehavior(segment(piece.text), behavior)) {
      out.push({ text: piece.text.slice(s, e), atStart: piece.atStart && s === 0 });
    }
  }
  return out;
}

const WORD = String.raw`[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}]`;
const NOT_WORD_OR_SPACE = String.raw`[^\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}\p{White_Space}]`;
const WHITESPACE_WORDS = new RegExp(`${WORD}+|${NOT_WORD_OR_SPACE}+`, "gu");
const NUMERIC = /\p{N}/u;
/** ASCII punctuation (including $ + < = > ^ ` | ~) and Unicode P*, as BERT defines it. */
const BERT_PUNCT = "!-\\/:-@\\[-`{-~\\p{P}";
const BERT_WORDS = new RegExp(`[${BERT_PUNCT}]|[^${BERT_PUNCT}\\p{White_Space}]+`, "gu");
/** GPT-2's word pattern, used by ByteLevel with use_regex. */
const GPT2_WORDS = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** GPT-2's reversible map from bytes to printable characters. */
export const BYTE_TO_CHAR: readonly string[] = (() => {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const map: string[] = new Array<string>(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    map[b] = printable.includes(b) ? String.fromCodePoint(b) : String.fromCodePoint(256 + extra++);
  }
  return map;
})();

const utf8 = new TextEncoder();

function byteLevelChars(text: string): string {
  let out = "";
  for (const byte of utf8.encode(text)) out += BYTE_TO_CHAR[byte];
  return out;
}

const metaspaceSchema = z.object({
  replacement: z.string().length(1).default("▁"),
  add_prefix_space: z.boolean().optional(),
  prepend_scheme: z.enum(["always", "first", "never"]).optional(),
  split: z.boolean().default(true),
});
const byteLevelSchema = z.object({ add_prefix_space: z.boolean().default(true), use_regex: z.boolean().default(true) });
const splitSchema = z.object({ pattern: patternSchema, behavior: behaviorSchema, invert: z.boolean().default(false) });
const punctuationSchema = z.object({ behavior: behaviorSchema.default("Isolated") });
const digitsSchema = z.object({ individual_digits: z.boolean().default(false) });
const delimiterSchema = z.object({ delimiter: z.string().length(1) });
const sequenceSchema = z.object({ pretokenizers: z.array(z.unknown()) });

function metaspace(options: z.output<typeof metaspaceSchema>): PreTokenizer {
  // Older files say add_prefix_space; newer ones prepend_scheme.
  const scheme = options.prepend_scheme ?? (options.add_prefix_space === false ? "never" : "always");
  const replacement = options.replacement;
  return (pieces) => {
    const replaced = pieces.map((piece) => {
      let text = piece.text.replaceAll(" ", replacement);
      const prepend = scheme === "always" || (scheme === "first" && piece.atStart);
      if (prepend && !text.startsWith(replacement)) text = replacement + text;
      return { text, atStart: piece.atStart };
    });
    if (!options.split) return replaced;
    return splitPieces(replaced, (t) => charSegments(t, (c) => c === replacement), "MergedWithNext");
  };
}

const SUPPORTED = ["BertPreTokenizer", "Whitespace", "WhitespaceSplit", "Metaspace", "ByteLevel", "Split", "Punctuation", "Digits", "CharDelimiterSplit", "Sequence"];

export function buildPreTokenizer(config: unknown, at = "pre_tokenizer"): PreTokenizer | undefined {
  if (config === null || config === undefined) return undefined;
  const type = componentType(config, at);
  switch (type) {
    case "BertPreTokenizer":
      // Whitespace removed, each punctuation character its own word: one regex pass.
      return (pieces) => splitPieces(pieces, (t) => invert(regexSegments(t, BERT_WORDS)), "Removed");
    case "Whitespace":
      return (pieces) => splitPieces(pieces, (t) => invert(regexSegments(t, WHITESPACE_WORDS)), "Removed");
    case "WhitespaceSplit":
      return (pieces) => splitPieces(pieces, (t) => charSegments(t, isWhitespace), "Removed");
    case "Metaspace":
      return metaspace(parseComponent(metaspaceSchema, config, at));
    case "ByteLevel": {
      const { add_prefix_space, use_regex } = parseComponent(byteLevelSchema, config, at);
      return (pieces) => {
        const prefixed = pieces.map((p) => (add_prefix_space && !p.text.startsWith(" ") ? { ...p, text: ` ${p.text}` } : p));
        const words = use_regex ? splitPieces(prefixed, (t) => regexSegments(t, GPT2_WORDS), "Isolated") : prefixed;
        return words.map((p) => ({ ...p, text: byteLevelChars(p.text) }));
      };
    }
    case "Split": {
      const options = parseComponent(splitSchema, config, at);
      const regex = compilePattern(options.pattern, `${at}.pattern`);
      const segment = (t: string): Segment[] => (options.invert ? invert(regexSegments(t, regex)) : regexSegments(t, regex));
      return (pieces) => splitPieces(pieces, segment, options.behavior);
    }
    case "Punctuation": {
      const { behavior } = parseComponent(punctuationSchema, config, at);
      return (pieces) => splitPieces(pieces, (t) => charSegments(t, isBertPunctuation), behavior);
    }
    case "Digits": {
      const { individual_digits } = parseComponent(digitsSchema, config, at);
      const isDigit = (c: string): boolean => NUMERIC.test(c);
      return (pieces) => splitPieces(pieces, (t) => charSegments(t, isDigit), individual_digits ? "Isolated" : "Contiguous");
    }
    case "CharDelimiterSplit": {
      const { delimiter } = parseComponent(delimiterSchema, config, at);
      return (pieces) => splitPieces(pieces, (t) => charSegments(t, (c) => c === delimiter), "Removed");
    }
    case "Sequence": {
      const { pretokenizers } = parseComponent(sequenceSchema, config, at);
      const steps = pretokenizers
        .map((p, i) => buildPreTokenizer(p, `${at}.pretokenizers[${i}]`))
        .filter((p): p is PreTokenizer => p !== undefined);
      return (pieces) => steps.reduce((acc, step) => step(acc), pieces);
    }
    default:
      throw unsupported(at, "pre-tokenizer", type, SUPPORTED);
  }
}
