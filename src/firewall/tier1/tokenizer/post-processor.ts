/** The `post_processor` section of tokenizer.json: the special tokens around a sequence. */
import { z } from "zod";
import { componentType, parseComponent, TokenizerConfigError, unsupported } from "./errors.js";

export interface Encoded {
  ids: number[];
  typeIds: number[];
}

export interface PostProcessor {
  /** Wraps one sequence's ids (e.g. [CLS] ids [SEP]). */
  single(ids: readonly number[]): Encoded;
  /** How many special tokens `single` adds. */
  readonly added: number;
}

const pieceSchema = z.union([
  z.object({ SpecialToken: z.object({ id: z.string(), type_id: z.number().int().default(0) }) }),
  z.object({ Sequence: z.object({ id: z.enum(["A", "B"]), type_id: z.number().int().default(0) }) }),
]);
const templateSchema = z.object({
  single: z.array(pieceSchema),
  special_tokens: z.record(z.string(), z.object({ id: z.string(), ids: z.array(z.number().int().nonnegative()), tokens: z.array(z.string()) })).default({}),
});
const tokenPair = z.tuple([z.string(), z.number().int().nonnegative()]);
const bertSchema = z.object({ sep: tokenPair, cls: tokenPair });
const sequenceSchema = z.object({ processors: z.array(z.unknown()) });

const IDENTITY: PostProcessor = { single: (ids) => ({ ids: [...ids], typeIds: ids.map(() => 0) }), added: 0 };

function template(config: z.output<typeof templateSchema>, at: string): PostProcessor {
  const parts: Array<{ ids: number[] | "A"; typeId: number }> = config.single.map((piece, i) => {
    if ("Sequence" in piece) return { ids: "A", typeId: piece.Sequence.type_id };
    const special = config.special_tokens[piece.SpecialToken.id];
    if (!special) throw new TokenizerConfigError(`${at}.single[${i}]`, `special token "${piece.SpecialToken.id}" is not in special_tokens`);
    return { ids: special.ids, typeId: piece.SpecialToken.type_id };
  });
  const added = parts.reduce((n, p) => n + (p.ids === "A" ? 0 : p.ids.length), 0);
  return {
    added,
    single(sequence) {
      const ids: number[] = [];
      const typeIds: number[] = [];
      for (const part of parts) {
        const chunk = part.ids === "A" ? sequence : part.ids;
        for (const id of chunk) {
          ids.push(id);
          typeIds.push(part.typeId);
        }
      }
      return { ids, typeIds };
    },
  };
}

function clsSep(cls: number, sep: number): PostProcessor {
  return {
    added: 2,
    single: (sequence) => ({ ids: [cls, ...sequence, sep], typeIds: new Array<number>(sequence.length + 2).fill(0) }),
  };
}

const SUPPORTED = ["TemplateProcessing", "BertProcessing", "RobertaProcessing", "ByteLevel", "Sequence"];

export function buildPostProcessor(config: unknown, at = "post_processor"): PostProcessor {
  if (config === null || config === undefined) return IDENTITY;
  const type = componentType(config, at);
  switch (type) {
    case "TemplateProcessing":
      return template(parseComponent(templateSchema, config, at), at);
    case "BertProcessing":
    case "RobertaProcessing": {
      const { cls, sep } = parseComponent(bertSchema, config, at);
      return clsSep(cls[1], sep[1]);
    }
    case "ByteLevel":
      // Only adjusts offsets, which a classifier does not use.
      return IDENTITY;
    case "Sequence": {
      const { processors } = parseComponent(sequenceSchema, config, at);
      const steps = processors.map((p, i) => buildPostProcessor(p, `${at}.processors[${i}]`)).filter((p) => p !== IDENTITY);
      if (steps.length > 1) throw new TokenizerConfigError(at, "more than one post-processor adds special tokens");
      return steps[0] ?? IDENTITY;
    }
    default:
      throw unsupported(at, "post-processor", type, SUPPORTED);
  }
}
