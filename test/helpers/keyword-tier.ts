/**
 * A deterministic tier for proxy tests: blocks prompts containing ATTACK, sends REVIEW to review,
 * fails on FAIL, is slow on SLOW; passes the rest. Proxy tests must not depend on a model's scores.
 */
import { Firewall } from "../../src/firewall/firewall.js";
import type { FirewallFactory } from "../../src/proxy/runtime.js";
import type { FirewallTier, TierOutcome } from "../../src/firewall/types.js";

export function keywordTier(): FirewallTier & { calls: number; aborted: number } {
  const tier = {
    tier: 1 as const,
    name: "keywords",
    calls: 0,
    aborted: 0,
    async evaluate(conversation: { prompt: string }, signal: AbortSignal): Promise<TierOutcome> {
      tier.calls++;
      const text = conversation.prompt;
      if (text.includes("SLOW")) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 2000);
          signal.addEventListener("abort", () => {
            tier.aborted++;
            clearTimeout(timer);
            resolve();
          });
        });
      }
      if (text.includes("FAIL")) throw new Error("detector unavailable");
      if (text.includes("ATTACK")) return { decision: "block", category: "violation", explanation: "keyword attack", attackProbability: 0.99 };
      if (text.includes("REVIEW")) return { decision: "escalate", category: "uncertain", explanation: "keyword unsure", attackProbability: 0.5 };
      return { decision: "pass", category: "none", explanation: "keyword clean", attackProbability: 0.01 };
    },
  };
  return tier;
}

/** A firewall factory for startProxy that uses the agent file but the keyword tier. */
export function keywordFirewalls(tier = keywordTier()): FirewallFactory {
  return (agentFile, options) => Firewall.fromConfig(agentFile, { ...options, tiers: [tier] });
}
