/** Tier 1 configuration in agent.yaml (`tier1:`) and in Firewall options. */
import { z } from "zod";

const probability = z.number().min(0).max(1);

const builtinDetectorSchema = z
  .object({
    builtin: z.string().min(1),
    block_at: probability.optional(),
    pass_below: probability.optional(),
  })
  .strict();

const onnxDetectorSchema = z
  .object({
    model: z.string().min(1),
    attack_label: z.string().optional(),
    max_length: z.number().int().min(8).max(8192).default(512),
    stride: z.number().int().min(0).optional(),
    threads: z.number().int().min(1).max(64).optional(),
    block_at: probability.optional(),
    pass_below: probability.optional(),
  })
  .strict();

const apiDetectorSchema = z
  .object({
    endpoint: z.url(),
    name: z.string().optional(),
    method: z.enum(["GET", "POST", "PUT"]).default("POST"),
    headers: z.record(z.string(), z.string()).default({}),
    payload: z.unknown().optional(),
    response_path: z.string().min(1),
    threshold: probability.default(0.5),
    timeout_ms: z.number().int().positive().max(120_000).default(2000),
    block_at: probability.optional(),
    pass_below: probability.optional(),
  })
  .strict();

export const detectorConfigSchema = z.union([builtinDetectorSchema, onnxDetectorSchema, apiDetectorSchema]);
export type DetectorConfig = z.output<typeof detectorConfigSchema>;

export const tier1ConfigSchema = z
  .object({
    detectors: z.array(detectorConfigSchema).default([]),
    consensus: z.number().int().min(1).default(1),
    block_at: probability.optional(),
    pass_below: probability.optional(),
  })
  .strict();
export type Tier1Config = z.output<typeof tier1ConfigSchema>;
