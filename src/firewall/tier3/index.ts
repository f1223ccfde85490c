/**
 * Tier 3's factory for buildTiers: a judge when one is configured (agent.yaml, Firewall options or
 * the environment), otherwise no tier and a notice saying what that means.
 */
import type { LoadedAgentConfig } from "../config/agent.js";
import type { JudgeConfigInput } from "./config.js";
import type { JudgeTier } from "./judge.js";
import { resolveJudge } from "./provider.js";

export interface BuildJudgeOptions {
  /** Replaces agent.yaml's `judge:`; "none" turns the judge off (`moat eval --judge none`). */
  judge?: JudgeConfigInput | "none" | undefined;
  env?: NodeJS.ProcessEnv | undefined;
}

export interface BuiltJudge {
  tier: JudgeTier | undefined;
  /** One line for the start-up log: which judge, or that there is none. */
  notice: string;
}

export async function buildJudge(agent: LoadedAgentConfig, options: BuildJudgeOptions = {}): Promise<BuiltJudge> {
  const resolution = resolveJudge({ option: options.judge, fromAgent: agent.config.judge, file: agent.file, env: options.env ?? process.env });
  if (!resolution.judge) return { tier: undefined, notice: resolution.notice };
  // The judge and its `openai` client load only when a judge is configured.
  const { createJudgeTier } = await import("./judge.js");
  return { tier: createJudgeTier({ agent: agent.config, judge: resolution.judge }), notice: resolution.notice };
}

export type { JudgeTier } from "./judge.js";
export { whenReasonComplete } from "./reasons.js";
export { resolveJudge, describeJudge, NO_JUDGE_NOTICE, DEFAULT_MODELS, type ResolvedJudge } from "./provider.js";
export { judgeConfigSchema, type JudgeConfig, type JudgeConfigInput } from "./config.js";
export type { ReasonRecord } from "./stream.js";
