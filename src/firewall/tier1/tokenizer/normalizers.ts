/** The `normalizer` section of tokenizer.json. */
import { z } from "zod";
import { componentType, parseComponent, unsupported } from "./errors.js";
import { PrecompiledCharsmap } from "./precompiled.js";
import { compilePattern, patternSchema } from "./pattern.js";
import { lowercaseChars, removeNonspacingMarks } from "./unicode.js";

export type Normalizer = (text: string) => string;

const bertSchema = z.object({
  clean_text: z.boolean().default(true),
  handle_chinese_chars: z.boolean().default(true),
  strip_accents: z.boolean().nullable().default(null),
  lowercase: z.boolean().default(true),
});
const stripSchema = z.object({ strip_left: z.boolean().default(true), strip_right: z.boolean().default(true) });
const replaceSchema = z.object({ pattern: patternSchema, content: z.string() });
const prependSchema = z.object({ prepend: z.string() });
const precompiledSchema = z.object({ precompiled_charsmap: z.string().nullable() });
const sequenceSchema = z.object({ normalizers: z.array(z.unknown()) });

// Whole-string passes rather than a loop per character: the normalizer runs on every prompt.
const BERT_DROPPED = /[\0\ufffd]|(?![\t\n\r])\p{C}/gu;
const BERT_SPACE = /\p{White_Space}/gu;
const CJK = /[\u{4E00}-\u{9FFF}\u{3400}-\u{4DBF}\u{20000}-\u{2A6DF}\u{2A700}-\u{2B73F}\u{2B740}-\u{2B81F}\u{2B920}-\u{2CEAF}\u{F900}-\u{FAFF}\u{2F800}-\u{2FA1F}]/gu;

function bertNormalizer(options: z.output<typeof bertSchema>): Normalizer {
  // strip_accents left unset follows lowercase, as in the original BERT.
  const stripAccents = options.strip_accents ?? options.lowercase;
  return (text) => {
    let out = text;
    if (options.clean_text) out = out.replace(BERT_DROPPED, "").replace(BERT_SPACE, " ");
    if (options.handle_chinese_chars) out = out.replace(CJK, " $& ");
    if (stripAccents) out = removeNonspacingMarks(out.normalize("NFD"));
    if (options.lowercase) out = lowercaseChars(out);
    return out;
  };
}

const SUPPORTED = ["BertNormalizer", "Lowercase", "NFC", "NFD", "NFKC", "NFKD", "StripAccents", "Strip", "Replace", "Prepend", "Precompiled", "Sequence"];

export function buildNormalizer(config: unknown, at = "normalizer"): Normalizer | undefined {
  if (config === null || config === undefined) return undefined;
  const type = componentType(config, at);
  switch (type) {
    case "BertNormalizer":
      return bertNormalizer(parseComponent(bertSchema, config, at));
    case "Lowercase":
      return lowercaseChars;
    case "NFC":
    case "NFD":
    case "NFKC":
    case "NFKD":
      return (text) => text.normalize(type);
    case "StripAccents":
      return removeNonspacingMarks;
    case "Strip": {
      const { strip_left, strip_right } = parseComponent(stripSchema, config, at);
      return (text) => {
        let out = text;
        if (strip_left) out = out.replace(/^\p{White_Space}+/u, "");
        if (strip_right) out = out.replace(/\p{White_Space}+$/u, "");
        return out;
      };
    }
    case "Replace": {
      const { pattern, content } = parseComponent(replaceSchema, config, at);
      const regex = compilePattern(pattern, `${at}.pattern`);
      return (text) => text.replace(regex, () => content);
    }
    case "Prepend": {
      const { prepend } = parseComponent(prependSchema, config, at);
      return (text) => (text.length > 0 ? prepend + text : text);
    }
    case "Precompiled": {
      const { precompiled_charsmap } = parseComponent(precompiledSchema, config, at);
      if (!precompiled_charsmap) return undefined;
      const map = PrecompiledCharsmap.fromBase64(precompiled_charsmap, at);
      return (text) => map.normalize(text);
    }
    case "Sequence": {
      const { normalizers } = parseComponent(sequenceSchema, config, at);
      const steps = normalizers
        .map((n, i) => buildNormalizer(n, `${at}.normalizers[${i}]`))
        .filter((n): n is Normalizer => n !== undefined);
      return (text) => steps.reduce((acc, step) => step(acc), text);
    }
    default:
      throw unsupported(at, "normalizer", type, SUPPORTED);
  }
}
