/**
 * agent.yaml: one protected agent, in the shape of the Humanbound firewall's file so an existing
 * one works unchanged. Optional extras (few-shot examples, Tier 1 detectors, Tier 2 model, judge)
 * are ours. Unknown keys are errors: a misspelt key must not be silently ignored.
 */
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { loadYamlFile, validateConfig } from "./yaml-file.js";
import { tier1ConfigSchema } from "../tier1/config.js";
import { tier2ConfigSchema } from "../tier2/config.js";
import { judgeConfigSchema } from "../tier3/config.js";

export const modeSchema = z.enum(["block", "log", "passthrough"]);
export type Mode = z.infer<typeof modeSchema>;

const settingsSchema = z
  .object({
    timeout: z.number().positive().max(600).default(5),
    mode: modeSchema.default("block"),
    session_window: z.number().int().min(0).max(100).default(5),
    tier2_min_turns: z.number().int().min(0).max(1000).default(3),
    temperature: z.number().min(0).max(2).default(0),
  })
  .strict();

const exampleSchema = z
  .object({
    prompt: z.string().min(1),
    verdict: z.enum(["pass", "block", "review"]),
    category: z.enum(["none", "off_topic", "violation", "restriction", "uncertain"]).default("none"),
  })
  .strict();

export const agentConfigSchema = z
  .object({
    name: z.string().min(1),
    version: z.union([z.string(), z.number()]).transform(String).optional(),
    scope: z
      .object({
        business: z.string().min(1),
        more_info: z.string().default(""),
      })
      .strict(),
    intents: z
      .object({
        permitted: z.array(z.string().min(1)).default([]),
        restricted: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .default({ permitted: [], restricted: [] }),
    settings: settingsSchema.default(settingsSchema.parse({})),
    examples: z.array(exampleSchema).default([]),
    tier1: tier1ConfigSchema.optional(),
    tier2: tier2ConfigSchema.optional(),
    judge: judgeConfigSchema.optional(),
  })
  .strict();

export type AgentConfig = z.output<typeof agentConfigSchema>;

export interface LoadedAgentConfig {
  config: AgentConfig;
  /** Folder that relative paths in the file (model directories, .hbfw) resolve against. */
  baseDir: string;
  file: string;
}

export function loadAgentConfig(file: string, env: NodeJS.ProcessEnv = process.env): LoadedAgentConfig {
  const path = resolve(file);
  return { config: loadYamlFile(path, agentConfigSchema, env), baseDir: dirname(path), file: path };
}

export function agentConfigFromObject(raw: unknown, baseDir = process.cwd(), env: NodeJS.ProcessEnv = process.env): LoadedAgentConfig {
  return { config: validateConfig("(agent config object)", raw, agentConfigSchema, env), baseDir, file: "(agent config object)" };
}
