/**
 * Builds Tiers 1-3 from an agent config and the Firewall options. Each tier module exports one
 * factory; this file only decides which of them apply.
 */
import type { LoadedAgentConfig } from "./config/agent.js";
import type { FirewallTier } from "./types.js";
import type { JudgeConfigInput } from "./tier3/config.js";
import { buildJudge } from "./tier3/index.js";

export interface TierBuildOptions {
  /** Environment for `${VAR}` and judge variables; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** The Tier 3 judge: "none" turns it off (offline evaluation); a config overrides agent.yaml and the environment. */
  judge?: "none" | JudgeConfigInput;
}

export interface BuiltTiers {
  tiers: FirewallTier[];
  /** Things the operator should know at start-up (e.g. "no judge configured"). */
  notices: string[];
}

export async function buildTiers(agent: LoadedAgentConfig, options: TierBuildOptions): Promise<BuiltTiers> {
  const tiers: FirewallTier[] = [];
  const notices: string[] = [];
  const judge = buildJudge(agent, { judge: options.judge, env: options.env });
  if (judge.tier) tiers.push(judge.tier);
  notices.push(judge.notice);
  return { tiers, notices };
}
