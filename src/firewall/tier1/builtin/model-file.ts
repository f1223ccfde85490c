/**
 * The built-in detector's model file: a Moat classifier file whose metadata carries the
 * per-source calibration and thresholds chosen on validation data, and the training provenance.
 * Since 2026-11-23 it may hold a third classifier for prompts in other languages (language.ts);
 * files without it still load, and every prompt is then read by the English one.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { plattSchema } from "../../ml/calibration.js";
import { TextClassifier } from "../../ml/classifier.js";
import { decodeClassifierBundle } from "../../ml/bundle-file.js";

/** The bundle part holding the classifier for prompts in other languages. */
export const OTHER_LANGUAGES_PART = "prompt-other-languages";

const probability = z.number().min(0).max(1);
const thresholdsSchema = z
  .object({ blockAt: probability, passBelow: probability })
  .strict()
  .refine((t) => t.passBelow <= t.blockAt, { message: "passBelow must not exceed blockAt" });
export type BuiltinThresholds = z.output<typeof thresholdsSchema>;

export const builtinMetadataSchema = z
  .object({
    name: z.string().min(1),
    calibration: z.object({ prompt: plattSchema, tool: plattSchema, otherLanguages: plattSchema.optional() }).strict(),
    thresholds: z.object({ prompt: thresholdsSchema, tool: thresholdsSchema, otherLanguages: thresholdsSchema.optional() }).strict(),
    training: z.record(z.string(), z.unknown()),
  })
  .strict();
export type BuiltinMetadata = z.output<typeof builtinMetadataSchema>;

/** One classifier per content source: prompts and tool/document content differ in what is normal. */
export interface BuiltinModel {
  classifiers: Record<"prompt" | "tool", TextClassifier> & { otherLanguages?: TextClassifier };
  metadata: BuiltinMetadata;
}

export function readBuiltinModel(file: string): BuiltinModel {
  let bundle;
  try {
    bundle = decodeClassifierBundle(new Uint8Array(readFileSync(file)));
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = builtinMetadataSchema.safeParse(bundle.metadata);
  if (!parsed.success) throw new Error(`${file}: built-in detector metadata is invalid: ${z.prettifyError(parsed.error)}`);
  const { prompt, tool } = bundle.classifiers;
  const other = bundle.classifiers[OTHER_LANGUAGES_PART];
  if (!prompt || !tool) throw new Error(`${file}: a built-in model needs a "prompt" and a "tool" classifier`);
  const described = parsed.data.calibration.otherLanguages !== undefined && parsed.data.thresholds.otherLanguages !== undefined;
  if ((other !== undefined) !== described) {
    throw new Error(
      other
        ? `${file}: the "${OTHER_LANGUAGES_PART}" classifier has no calibration.otherLanguages and thresholds.otherLanguages in the metadata`
        : `${file}: the metadata describes an other-languages classifier, but the file has no "${OTHER_LANGUAGES_PART}" part`,
    );
  }
  return {
    classifiers: {
      prompt: TextClassifier.fromWeights(prompt.weights),
      tool: TextClassifier.fromWeights(tool.weights),
      ...(other ? { otherLanguages: TextClassifier.fromWeights(other.weights) } : {}),
    },
    metadata: parsed.data,
  };
}
