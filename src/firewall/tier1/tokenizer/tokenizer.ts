/**
 * A pure-JS reader of Hugging Face tokenizer.json files for classifiers: added tokens, then
 * normalizer, pre-tokenizer, model (WordPiece, BPE, Unigram) and post-processor, producing the
 * ids the Rust `tokenizers` library produces for the same file.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { AddedTokens, addedTokenSchema } from "./added-tokens.js";
import { parseComponent, TokenizerConfigError } from "./errors.js";
import { buildModel, type TokenModel } from "./model.js";
import { buildNormalizer, type Normalizer } from "./normalizers.js";
import { buildPostProcessor, type Encoded, type PostProcessor } from "./post-processor.js";
import { buildPreTokenizer, type PreTokenizer } from "./pre-tokenizers.js";

const tokenizerFileSchema = z.object({
  added_tokens: z.array(addedTokenSchema).nullable().default([]),
  normalizer: z.unknown().optional(),
  pre_tokenizer: z.unknown().optional(),
  model: z.unknown().refine((m) => m !== null && typeof m === "object", "expected an object"),
  post_processor: z.unknown().optional(),
});

export type { Encoded } from "./post-processor.js";

export class Tokenizer {
  private constructor(
    private readonly added: AddedTokens,
    private readonly normalizer: Normalizer | undefined,
    private readonly preTokenizer: PreTokenizer | undefined,
    private readonly model: TokenModel,
    private readonly postProcessor: PostProcessor,
  ) {}

  /** Builds a tokenizer from parsed tokenizer.json; unsupported parts throw TokenizerConfigError. */
  static fromJSON(raw: unknown): Tokenizer {
    const file = parseComponent(tokenizerFileSchema, raw, "tokenizer.json");
    return new Tokenizer(
      new AddedTokens(file.added_tokens ?? []),
      buildNormalizer(file.normalizer),
      buildPreTokenizer(file.pre_tokenizer),
      buildModel(file.model),
      buildPostProcessor(file.post_processor),
    );
  }

  static fromFile(path: string): Tokenizer {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
      throw new TokenizerConfigError(path, `cannot read tokenizer.json (${(error as Error).message})`);
    }
    try {
      return Tokenizer.fromJSON(raw);
    } catch (error) {
      if (error instanceof TokenizerConfigError) throw new TokenizerConfigError(`${path}: ${error.at}`, error.message.slice(error.at.length + 2));
      throw error;
    }
  }

  get vocabSize(): number {
    return this.model.vocabSize;
  }

  /** How many special tokens wrap a single sequence. */
  get specialTokenCount(): number {
    return this.postProcessor.added;
  }

  tokenToId(token: string): number | undefined {
    return this.model.tokenToId(token);
  }

  /** The ids of the text, without the special tokens the post-processor adds. */
  encode(text: string): number[] {
    const ids: number[] = [];
    for (const chunk of this.added.split(text)) {
      if ("id" in chunk) {
        ids.push(chunk.id);
        continue;
      }
      const normalized = this.normalizer ? this.normalizer(chunk.text) : chunk.text;
      if (normalized.length === 0) continue;
      const first = { text: normalized, atStart: chunk.offset === 0 };
      const words = this.preTokenizer ? this.preTokenizer([first]) : [first];
      for (const word of words) ids.push(...this.model.tokenize(word.text));
    }
    return ids;
  }

  /** Adds the special tokens around a sequence of ids (one window of a long input). */
  wrap(ids: readonly number[]): Encoded {
    return this.postProcessor.single(ids);
  }
}
