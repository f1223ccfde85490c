/**
 * Finds and checks the files of a Hugging Face sequence-classification export: model.onnx (or
 * onnx/model.onnx, as optimum writes it), tokenizer.json and config.json with id2label. Every
 * problem names the folder and what is missing or wrong.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { DetectorSetupError } from "../setup-error.js";

export interface ModelFiles {
  dir: string;
  model: string;
  tokenizer: string;
  id2label: string[];
}

const configSchema = z.object({
  id2label: z.record(z.string().regex(/^\d+$/, "keys must be label indexes"), z.string().min(1)),
});

function firstExisting(paths: string[]): string | undefined {
  return paths.find((p) => existsSync(p) && statSync(p).isFile());
}

function listing(dir: string): string {
  try {
    const names = readdirSync(dir);
    return names.length > 0 ? names.slice(0, 20).join(", ") : "an empty folder";
  } catch {
    return "nothing readable";
  }
}

export function findModelFiles(dir: string): ModelFiles {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new DetectorSetupError(`${dir}: model folder not found`);
  const model = firstExisting([join(dir, "model.onnx"), join(dir, "onnx", "model.onnx")]);
  if (!model) throw new DetectorSetupError(`${dir}: no model.onnx or onnx/model.onnx (found ${listing(dir)})`);
  const tokenizer = firstExisting([join(dir, "tokenizer.json"), join(dir, "onnx", "tokenizer.json")]);
  if (!tokenizer) throw new DetectorSetupError(`${dir}: no tokenizer.json (the fast-tokenizer file; tokenizer_config.json or spm.model alone is not enough)`);
  const configPath = firstExisting([join(dir, "config.json"), join(dir, "onnx", "config.json")]);
  if (!configPath) throw new DetectorSetupError(`${dir}: no config.json (needed for id2label)`);

  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(configPath, "utf8"));
  } catch (error) {
    throw new DetectorSetupError(`${configPath}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DetectorSetupError(`${configPath}: ${issue?.path.length ? `${issue.path.join(".")}: ` : ""}${issue?.message ?? "invalid"} (a sequence classifier's config.json has id2label)`);
  }
  const entries = Object.entries(parsed.data.id2label).map(([k, v]) => [Number(k), v] as const);
  const id2label: string[] = [];
  for (const [index, label] of entries) id2label[index] = label;
  if (id2label.length < 2 || entries.length !== id2label.length) {
    throw new DetectorSetupError(`${configPath}: id2label must name labels 0..n-1 (n >= 2), got ${JSON.stringify(parsed.data.id2label)}`);
  }
  return { dir, model, tokenizer, id2label };
}
