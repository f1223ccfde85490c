/**
 * Tier 1 configuration in agent.yaml (`tier1:`) and in Firewall options (`attackDetectors`,
 * `consensus`). A detector is told apart by its key: `builtin`, `model` (ONNX directory) or
 * `endpoint` (HTTP API), so the error for a mistake names the right fields.
 */
import { z } from "zod";
import { DEFAULT_SCORE_CACHE_ENTRIES, MAX_SCORE_CACHE_ENTRIES } from "./score-cache.js";

const probability = z.number().min(0).max(1);
const source = z.enum(["prompt", "tool"]);

/** Keys every detector kind accepts. */
const common = {
  /** Name in traces and logs; defaults to the builtin name, model folder or endpoint host. */
  name: z.string().min(1).optional(),
  /** Score at or above which this detector votes block. */
  block_at: probability.optional(),
  /** Score below which this detector counts as confident benign. */
  pass_below: probability.optional(),
  /** What it scans: the user's prompt (and hidden text), tool-message content, or both. */
  scan: z.array(source).min(1).optional(),
  /**
   * Also score the previous user turn joined with the prompt, for attacks split over two turns.
   * Default: on for the built-in model (microseconds), off for ONNX models and APIs (two more
   * inferences or calls per turn with history, made at the same time).
   */
  join_turns: z.boolean().optional(),
  /** Longest a detector may take on one conversation before it counts as failed. */
  timeout_ms: z.number().int().positive().max(120_000).optional(),
};

export const builtinDetectorSchema = z
  .object({
    builtin: z.string().min(1),
    ...common,
  })
  .strict();

export const onnxDetectorSchema = z
  .object({
    /** A Hugging Face export folder: model.onnx or onnx/model.onnx, tokenizer.json, config.json. */
    model: z.string().min(1),
    /** Label(s) in config.json id2label that mean attack; inferred from the names when absent. */
    attack_label: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    /** Tokens per window, special tokens included. */
    max_length: z.number().int().min(8).max(8192).default(512),
    /** Tokens shared by consecutive windows of a long input; default a quarter of the window. */
    stride: z.number().int().min(0).optional(),
    /** onnxruntime intra-op threads for this model. */
    threads: z.number().int().min(1).max(64).default(1),
    ...common,
  })
  .strict();

export const httpDetectorSchema = z
  .object({
    endpoint: z.url(),
    method: z.enum(["GET", "POST", "PUT"]).default("POST"),
    headers: z.record(z.string(), z.string()).default({}),
    /** JSON body; `$PROMPT` and `$CONVERSATION` are substituted in every string in it. */
    payload: z.unknown().optional(),
    /** Where the score is in the response: `a.b[0].c`. Booleans read as 0/1. */
    response_path: z.string().min(1),
    /** Body and path for tool-message content, when the API wants documents elsewhere. */
    tool_payload: z.unknown().optional(),
    tool_response_path: z.string().min(1).optional(),
    /** Score at or above which the API's answer is a block vote (same as block_at). */
    threshold: probability.optional(),
    ...common,
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.method !== "GET" && value.payload === undefined) {
      ctx.addIssue({ code: "custom", path: ["payload"], message: `a ${value.method} detector needs a payload (e.g. { "input": "$PROMPT" })` });
    }
    if (value.method === "GET" && (value.payload !== undefined || value.tool_payload !== undefined)) {
      ctx.addIssue({ code: "custom", path: ["payload"], message: "a GET detector sends no body; put $PROMPT in the endpoint's query instead" });
    }
    if (value.threshold !== undefined && value.block_at !== undefined) {
      ctx.addIssue({ code: "custom", path: ["threshold"], message: "give threshold or block_at, not both" });
    }
  });

export type BuiltinDetectorConfig = z.output<typeof builtinDetectorSchema>;
export type OnnxDetectorConfig = z.output<typeof onnxDetectorSchema>;
export type HttpDetectorConfig = z.output<typeof httpDetectorSchema>;
export type DetectorConfig = BuiltinDetectorConfig | OnnxDetectorConfig | HttpDetectorConfig;
export type DetectorConfigInput = z.input<typeof builtinDetectorSchema> | z.input<typeof onnxDetectorSchema> | z.input<typeof httpDetectorSchema>;

function schemaFor(value: unknown): z.ZodType<DetectorConfig> | undefined {
  if (value === null || typeof value !== "object") return undefined;
  if ("builtin" in value) return builtinDetectorSchema;
  if ("model" in value) return onnxDetectorSchema;
  if ("endpoint" in value) return httpDetectorSchema;
  return undefined;
}

export const detectorConfigSchema: z.ZodType<DetectorConfig, unknown> = z.unknown().transform((value, ctx): DetectorConfig => {
  const schema = schemaFor(value);
  if (!schema) {
    ctx.addIssue({ code: "custom", message: "a detector needs one of `builtin` (name), `model` (ONNX folder) or `endpoint` (HTTP API)" });
    return z.NEVER;
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const message = issue.code === "unrecognized_keys" ? `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}` : issue.message;
      ctx.addIssue({ code: "custom", message, path: issue.path });
    }
    return z.NEVER;
  }
  return result.data;
});

export const tier1ConfigSchema = z
  .object({
    /** Turn Tier 1 off entirely (the cascade goes from Tier 0 to Tier 2/3). */
    enabled: z.boolean().default(true),
    /** Empty: the built-in detector alone. */
    detectors: z.array(detectorConfigSchema).default([]),
    /** How many detectors must vote block. */
    consensus: z.number().int().min(1).default(1),
    /** Tier-wide thresholds for detectors that set none of their own. */
    block_at: probability.optional(),
    pass_below: probability.optional(),
    /**
     * Scores remembered per built-in or ONNX detector, by text, so that the prompt and tool
     * results an agent re-sends on every tool round trip are scored once. 0 turns it off.
     */
    score_cache: z.number().int().min(0).max(MAX_SCORE_CACHE_ENTRIES).default(DEFAULT_SCORE_CACHE_ENTRIES),
  })
  .strict()
  .superRefine((value, ctx) => {
    const count = Math.max(1, value.detectors.length);
    if (value.consensus > count) {
      ctx.addIssue({ code: "custom", path: ["consensus"], message: `consensus ${value.consensus} needs at least ${value.consensus} detectors; ${count} configured` });
    }
    if (value.block_at !== undefined && value.pass_below !== undefined && value.pass_below > value.block_at) {
      ctx.addIssue({ code: "custom", path: ["pass_below"], message: "pass_below must not be above block_at" });
    }
    value.detectors.forEach((d, i) => {
      const blockAt = d.block_at ?? ("threshold" in d ? d.threshold : undefined);
      if (blockAt !== undefined && d.pass_below !== undefined && d.pass_below > blockAt) {
        ctx.addIssue({ code: "custom", path: ["detectors", i, "pass_below"], message: "pass_below must not be above block_at" });
      }
    });
  });
export type Tier1Config = z.output<typeof tier1ConfigSchema>;
export type Tier1ConfigInput = z.input<typeof tier1ConfigSchema>;
