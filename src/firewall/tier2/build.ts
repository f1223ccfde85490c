/**
 * The factory buildTiers calls. The tier itself (and the zip reader behind .hbfw files) is
 * loaded only when a model is configured, so a proxy without Tier 2 does not carry it.
 */
import { resolve } from "node:path";
import type { LoadedAgentConfig } from "../config/agent.js";
import { ConfigError } from "../config/errors.js";
import { BUILTIN_CLASSIFIER } from "./load-classifier.js";
import type { Tier2 } from "./tier.js";

export interface Tier2BuildOptions {
  /** Overrides agent.yaml `tier2.model_path`; relative to the working directory. */
  modelPath?: string;
  /** Overrides agent.yaml `tier2.classifier`; relative to the working directory. */
  classifier?: string;
}

// By name: the classes live in modules loaded only when Tier 2 is configured.
const MODEL_FILE_ERRORS = new Set(["HbfwError", "ArchiveError", "NpyError"]);

function modulePath(spec: string, baseDir: string): string {
  return spec === BUILTIN_CLASSIFIER ? spec : resolve(baseDir, spec);
}

/** Tier 2 when a model is configured (agent.yaml or options), otherwise undefined. */
export async function buildTier2(agent: LoadedAgentConfig, options: Tier2BuildOptions = {}): Promise<{ tier: Tier2; notice: string } | undefined> {
  const fromConfig = agent.config.tier2;
  const modelPath = options.modelPath !== undefined ? resolve(options.modelPath) : fromConfig ? resolve(agent.baseDir, fromConfig.model_path) : undefined;
  if (modelPath === undefined) return undefined;
  const classifier =
    options.classifier !== undefined ? modulePath(options.classifier, process.cwd()) : fromConfig?.classifier !== undefined ? modulePath(fromConfig.classifier, agent.baseDir) : undefined;
  const minTurns = agent.config.settings.tier2_min_turns;
  const { createTier2 } = await import("./tier.js");
  let tier: Tier2;
  try {
    tier = await createTier2({ modelPath, minTurns, ...(classifier !== undefined ? { classifier } : {}) });
  } catch (error) {
    // Only a model file that cannot be read or decoded is a tier2.model_path problem; a classifier
    // module that fails to load, or a path given on the command line, keeps its own error.
    if (options.modelPath !== undefined || !(error instanceof Error) || !MODEL_FILE_ERRORS.has(error.name)) throw error;
    // From agent.yaml: a configuration problem, reported like the others (the file, the key, what to do).
    throw new ConfigError(agent.file, [`tier2.model_path: cannot load ${modelPath}: ${error.message} (write one with \`moat train ... -o ${fromConfig?.model_path ?? "firewall.hbfw"}\`, or remove the tier2 section)`]);
  }
  const trained = tier.modelConfig;
  const notice = `Tier 2: ${modelPath} (classifier ${trained?.classifier.id ?? "?"}, trained ${trained?.created_at ?? "?"}), active from ${minTurns} earlier turn(s)`;
  return { tier, notice };
}

