/**
 * The .hbfw model file: a zip holding config.json (what was trained, on what, how well it did on
 * held-out data) and weights.npz (both classifiers' arrays, prefixed "attack." and "benign.").
 * Files come from outside, so loading checks every layer before trusting it.
 */
import { readFile, writeFile } from "node:fs/promises";
import JSZip from "jszip";
import { z } from "zod";
import type { ClassifierRole, ExportedWeights } from "./classifier.js";
import { decodeNpz, encodeNpz } from "./npz.js";
import type { NdArray, TypedArray } from "./npy.js";
import { ArchiveError, CheckedArchive, DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from "./zip-guard.js";

export const HBFW_FORMAT = "moat-hbfw";
export const HBFW_FORMAT_VERSION = 1;
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

const rate = z.number().min(0).max(1).nullable();

export const validationSchema = z.object({
  conversations: z.number().int().min(0),
  attack_turns: z.number().int().min(0),
  benign_turns: z.number().int().min(0),
  attack_caught_rate: rate,
  attack_escalated_rate: rate,
  attack_passed_rate: rate,
  benign_pass_rate: rate,
  benign_escalated_rate: rate,
  benign_blocked_rate: rate,
  escalation_rate: rate,
  /** Share of turns Tier 2 decided (blocked or passed) without the judge. */
  settled_rate: rate,
  /** Share of turns decided wrongly: attacks passed plus benign turns blocked. */
  error_rate: rate,
});
export type ValidationReport = z.output<typeof validationSchema>;

export const sourceSchema = z.object({
  file: z.string(),
  format: z.string(),
  conversations: z.number().int().min(0),
  turns: z.number().int().min(0),
  attack_samples: z.number().int().min(0),
  benign_samples: z.number().int().min(0),
});
export type SourceReport = z.output<typeof sourceSchema>;

export const hbfwConfigSchema = z.object({
  format: z.literal(HBFW_FORMAT),
  format_version: z.literal(HBFW_FORMAT_VERSION),
  created_at: z.string().min(1),
  agent: z.object({ name: z.string(), version: z.string().optional() }),
  classifier: z.object({ id: z.string().min(1), module: z.string().optional() }),
  context: z.object({ turns: z.number().int().min(0), message_chars: z.number().int().min(1) }),
  training: z.object({
    sources: z.array(sourceSchema),
    samples: z.object({
      attack: z.number().int().min(0),
      benign: z.number().int().min(0),
      permitted_intents: z.number().int().min(0),
      attack_background: z.number().int().min(0),
      benign_background: z.number().int().min(0),
    }),
    strata: z.object({ attack: z.record(z.string(), z.number()), benign: z.record(z.string(), z.number()) }),
    validation_fraction: z.number().min(0).max(1),
    seed: z.number().int(),
  }),
  validation: validationSchema.nullable(),
  weights: z.object({ attack: z.array(z.string()), benign: z.array(z.string()) }),
});
export type HbfwConfig = z.output<typeof hbfwConfigSchema>;

export interface HbfwModel {
  config: HbfwConfig;
  weights: Record<ClassifierRole, Record<string, NdArray>>;
}

export class HbfwError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HbfwError";
  }
}

/** Builds the .hbfw bytes. config.weights is filled in from the exported arrays. */
export async function encodeHbfw(
  config: Omit<HbfwConfig, "weights">,
  attack: ExportedWeights,
  benign: ExportedWeights,
): Promise<Uint8Array> {
  const arrays: Record<string, TypedArray | NdArray> = {};
  for (const [role, weights] of [["attack", attack], ["benign", benign]] as const) {
    for (const [name, array] of Object.entries(weights)) arrays[`${role}.${name}`] = array;
  }
  const full: HbfwConfig = { ...config, weights: { attack: Object.keys(attack), benign: Object.keys(benign) } };
  hbfwConfigSchema.parse(full);
  const npz = await encodeNpz(arrays);
  const zip = new JSZip();
  const date = new Date(Date.UTC(1980, 0, 1));
  zip.file("config.json", `${JSON.stringify(full, null, 2)}\n`, { date, compression: "DEFLATE" });
  // weights.npz is compressed already; storing it keeps loading to one inflate per array.
  zip.file("weights.npz", npz, { date, compression: "STORE" });
  return zip.generateAsync({ type: "uint8array" });
}

function parseConfig(text: string, label: string): HbfwConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new HbfwError(`${label}: config.json is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new HbfwError(`${label}: config.json is not an object`);
  const header = raw as { format?: unknown; format_version?: unknown };
  if (header.format !== HBFW_FORMAT) {
    throw new HbfwError(
      `${label}: not a Moat model (config.json "format" is ${JSON.stringify(header.format)}, expected "${HBFW_FORMAT}"). ` +
        "Files trained by other tools hold weights for their own runtimes; retrain with moat train.",
    );
  }
  if (header.format_version !== HBFW_FORMAT_VERSION) {
    throw new HbfwError(
      `${label}: unknown .hbfw format version ${JSON.stringify(header.format_version)}; this Moat reads version ${HBFW_FORMAT_VERSION}. ` +
        "Upgrade Moat or retrain the model with this version.",
    );
  }
  const parsed = hbfwConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(top level)"}: ${i.message}`).join("; ");
    throw new HbfwError(`${label}: invalid config.json: ${problems}`);
  }
  return parsed.data;
}

export async function decodeHbfw(bytes: Uint8Array, label = "model.hbfw", limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<HbfwModel> {
  const archive = await CheckedArchive.open(bytes, label, limits);
  const names = archive.names();
  const unexpected = names.filter((n) => n !== "config.json" && n !== "weights.npz");
  if (unexpected.length > 0) throw new HbfwError(`${label}: unexpected entries ${unexpected.map((n) => `"${n}"`).join(", ")} (a .hbfw holds config.json and weights.npz only)`);
  for (const required of ["config.json", "weights.npz"]) {
    if (!names.includes(required)) throw new HbfwError(`${label}: missing ${required}`);
  }
  const configEntry = archive.entries.get("config.json");
  if (configEntry && configEntry.uncompressedSize > MAX_CONFIG_BYTES) throw new HbfwError(`${label}: config.json is over ${MAX_CONFIG_BYTES} bytes`);
  const config = parseConfig(new TextDecoder().decode(await archive.read("config.json")), label);
  const arrays = await decodeNpz(await archive.read("weights.npz"), `${label}: weights.npz`, limits);

  const weights: HbfwModel["weights"] = { attack: {}, benign: {} };
  for (const [key, array] of Object.entries(arrays)) {
    const dot = key.indexOf(".");
    const role = key.slice(0, dot);
    if (dot < 0 || (role !== "attack" && role !== "benign")) {
      throw new HbfwError(`${label}: weights.npz array "${key}" belongs to neither "attack." nor "benign."`);
    }
    weights[role][key.slice(dot + 1)] = array;
  }
  for (const role of ["attack", "benign"] as const) {
    const listed = [...config.weights[role]].sort().join(",");
    const present = Object.keys(weights[role]).sort().join(",");
    if (listed !== present) throw new HbfwError(`${label}: config.json lists ${role} arrays [${listed}] but weights.npz holds [${present}]`);
  }
  return { config, weights };
}

export async function readHbfwFile(path: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<HbfwModel> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new HbfwError(`cannot read model file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return await decodeHbfw(bytes, path, limits);
  } catch (error) {
    if (error instanceof HbfwError || error instanceof ArchiveError) throw error;
    throw new HbfwError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function writeHbfwFile(path: string, bytes: Uint8Array): Promise<void> {
  await writeFile(path, bytes);
}
