/**
 * Builds Tiers 1-3 from an agent config and the Firewall options. Each tier module exports one
 * factory; this file only decides which of them apply.
 */
import type { LoadedAgentConfig } from "./config/agent.js";
import type { FirewallTier } from "./types.js";
import type { JudgeConfigInput } from "./tier3/config.js";
import { buildJudge } from "./tier3/index.js";
import { buildTier1, type AttackDetectorOption } from "./tier1/build.js";
import { buildTier2 } from "./tier2/build.js";

export interface TierBuildOptions {
  /** Environment for `${VAR}` and judge variables; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** The Tier 3 judge: "none" turns it off (offline evaluation); a config overrides agent.yaml and the environment. */
  judge?: "none" | JudgeConfigInput;
  /** Tier 1 detectors (Humanbound's `attack_detectors`); replace agent.yaml `tier1.detectors`. */
  attackDetectors?: readonly AttackDetectorOption[];
  /** How many Tier 1 detectors must vote block; replaces agent.yaml `tier1.consensus`. */
  consensus?: number;
  /** Tier 2 model (.hbfw); overrides agent.yaml `tier2.model_path`. */
  modelPath?: string;
  /** Tier 2 classifier module; overrides agent.yaml `tier2.classifier`. */
  classifier?: string;
}

export interface BuiltTiers {
  tiers: FirewallTier[];
  /** Things the operator should know at start-up (e.g. "no judge configured"). */
  notices: string[];
}

export async function buildTiers(agent: LoadedAgentConfig, options: TierBuildOptions): Promise<BuiltTiers> {
  const tiers: FirewallTier[] = [];
  const notices: string[] = [];
  const tier1 = await buildTier1(agent, { attackDetectors: options.attackDetectors, consensus: options.consensus, env: options.env });
  if (tier1.tier) tiers.push(tier1.tier);
  notices.push(tier1.notice);
  const tier2 = await buildTier2(agent, { modelPath: options.modelPath, classifier: options.classifier });
  if (tier2) {
    tiers.push(tier2.tier);
    notices.push(tier2.notice);
  }
  const judge = await buildJudge(agent, { judge: options.judge, env: options.env });
  if (judge.tier) tiers.push(judge.tier);
  notices.push(judge.notice);
  return { tiers, notices };
}
