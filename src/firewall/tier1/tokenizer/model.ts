/** The `model` section of tokenizer.json: turning one pre-tokenized word into ids. */
import { componentType, unsupported } from "./errors.js";
import { bpe } from "./bpe.js";
import { unigram } from "./unigram.js";
import { wordPiece } from "./wordpiece.js";

export interface TokenModel {
  tokenize(word: string): number[];
  tokenToId(token: string): number | undefined;
  readonly vocabSize: number;
}

export function buildModel(config: unknown, at = "model"): TokenModel {
  // Files written by old versions of the library omit `type`; the vocab's shape tells.
  let typed = config;
  if (config !== null && typeof config === "object" && !("type" in config)) {
    const vocab = (config as { vocab?: unknown }).vocab;
    const type = Array.isArray(vocab) ? "Unigram" : "merges" in config ? "BPE" : "WordPiece";
    typed = { ...config, type };
  }
  const type = componentType(typed, at);
  switch (type) {
    case "WordPiece":
      return wordPiece(typed, at);
    case "BPE":
      return bpe(typed, at);
    case "Unigram":
      return unigram(typed, at);
    default:
      throw unsupported(at, "model", type, ["WordPiece", "BPE", "Unigram"]);
  }
}
