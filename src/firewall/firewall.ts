/**
 * The cascade. Tier 0 always runs; Tiers 1-3 are plug-ins that each block, pass with confidence,
 * or escalate. A tier that is not sure never guesses: it hands the conversation up, and when no
 * tier is left the result is review.
 */
import { parseConversation } from "./conversation.js";
import { agentConfigFromObject, loadAgentConfig, type AgentConfig, type LoadedAgentConfig } from "./config/agent.js";
import { buildTiers, type TierBuildOptions } from "./tiers.js";
import type {
  Category,
  ChatMessage,
  EvalResult,
  FailPolicy,
  FirewallTier,
  SanitizeReport,
  TierId,
  TierOutcome,
  TierTrace,
  Verdict,
} from "./types.js";

export interface FirewallOptions extends TierBuildOptions {
  /** What a failing tier means: open lets the request go on, closed blocks it. Default closed. */
  failPolicy?: FailPolicy;
  /** Tiers to use instead of those built from the config (tests, custom pipelines). */
  tiers?: FirewallTier[];
}

export interface EvaluateOptions {
  /** Aborts slow tiers (the judge) when the caller no longer needs the answer. */
  signal?: AbortSignal;
  /** Overrides the firewall's fail policy for this call (a route's `fail`). */
  failPolicy?: FailPolicy;
}

function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export class Firewall {
  readonly failPolicy: FailPolicy;

  private constructor(
    readonly agent: AgentConfig,
    readonly tiers: readonly FirewallTier[],
    readonly notices: readonly string[],
    failPolicy: FailPolicy,
  ) {
    this.failPolicy = failPolicy;
  }

  /** Loads agent.yaml (a path) or takes an already-parsed object, and builds the tiers it names. */
  static async fromConfig(source: string | Record<string, unknown> | LoadedAgentConfig, options: FirewallOptions = {}): Promise<Firewall> {
    const loaded =
      typeof source === "string"
        ? loadAgentConfig(source)
        : "config" in source && "baseDir" in source
          ? (source as LoadedAgentConfig)
          : agentConfigFromObject(source);
    let tiers: FirewallTier[];
    let notices: string[] = [];
    if (options.tiers) {
      tiers = [...options.tiers];
    } else {
      ({ tiers, notices } = await buildTiers(loaded, options));
    }
    tiers.sort((a, b) => a.tier - b.tier);
    return new Firewall(loaded.config, tiers, notices, options.failPolicy ?? "closed");
  }

  /** A firewall with the given tiers and an agent config object; for tests and embedding. */
  static withTiers(agent: Record<string, unknown>, tiers: FirewallTier[], failPolicy: FailPolicy = "closed"): Firewall {
    const loaded = agentConfigFromObject(agent);
    return new Firewall(loaded.config, [...tiers].sort((a, b) => a.tier - b.tier), [], failPolicy);
  }

  async evaluate(input: string | readonly ChatMessage[] | readonly unknown[], options: EvaluateOptions = {}): Promise<EvalResult> {
    const started = performance.now();
    const trace: TierTrace[] = [];

    let parsed: ReturnType<typeof parseConversation>;
    try {
      parsed = parseConversation(input, { sessionWindow: this.agent.settings.session_window });
    } catch (error) {
      // A client can send anything; an unreadable conversation is a review, never a crash.
      return this.result(started, "review", "uncertain", 0, `could not read the conversation: ${errorMessage(error)}`, 0, emptyReport(), "", trace, {});
    }
    const { conversation, report } = parsed;

    const removedTotal = Object.values(report.removed).reduce((a, b) => a + b, 0);
    const tier0Ms = performance.now() - started;
    if (report.hiddenText.length > 0) {
      const explanation = `Tier 0: hidden text smuggled in Unicode tag characters: "${truncate(report.hiddenText.join(" "), 200)}"`;
      trace.push({ tier: 0, name: "sanitize", decision: "block", category: "violation", explanation, attackProbability: 1, latencyMs: roundMs(tier0Ms), details: { removed: report.removed, hiddenText: report.hiddenText } });
      return this.result(started, "block", "violation", 0, explanation, 1, report, conversation.prompt, trace, {});
    }
    trace.push({
      tier: 0,
      name: "sanitize",
      decision: "escalate",
      category: "none",
      explanation: removedTotal > 0 ? `Tier 0: removed ${removedTotal} invisible or control character(s)` : "Tier 0: clean",
      latencyMs: roundMs(tier0Ms),
      ...(removedTotal > 0 ? { details: { removed: report.removed } } : {}),
    });

    const signal = options.signal ?? new AbortController().signal;
    let confidentPass: { tier: TierId; outcome: TierOutcome } | undefined;
    let lastEscalation: { tier: TierId; outcome: TierOutcome } | undefined;
    let failOpen = false;
    let maxProbability = 0;

    for (const tier of this.tiers) {
      if (signal.aborted) break;
      const skipReason =
        confidentPass && !tier.checksConfidentPasses
          ? `not needed: Tier ${confidentPass.tier} passed with confidence`
          : tier.appliesTo && !tier.appliesTo(conversation)
            ? "does not apply to this conversation"
            : undefined;
      if (skipReason) {
        trace.push({ tier: tier.tier, name: tier.name, decision: "skipped", category: "none", explanation: skipReason, latencyMs: 0 });
        continue;
      }

      const tierStart = performance.now();
      let outcome: TierOutcome;
      try {
        outcome = await tier.evaluate(conversation, signal);
      } catch (error) {
        outcome = { decision: "escalate", category: "uncertain", explanation: `Tier ${tier.tier} failed: ${errorMessage(error)}`, failed: true };
      }
      const latencyMs = roundMs(performance.now() - tierStart);
      trace.push({
        tier: tier.tier,
        name: tier.name,
        decision: outcome.decision,
        category: outcome.category,
        explanation: outcome.explanation,
        latencyMs,
        ...(outcome.attackProbability !== undefined ? { attackProbability: outcome.attackProbability } : {}),
        ...(outcome.failed ? { failed: true } : {}),
        ...(outcome.details ? { details: outcome.details } : {}),
      });
      if (outcome.attackProbability !== undefined) maxProbability = Math.max(maxProbability, outcome.attackProbability);

      if (outcome.failed) {
        if ((options.failPolicy ?? this.failPolicy) === "closed") {
          const explanation = `${outcome.explanation} (fail policy: closed)`;
          return this.result(started, "block", "uncertain", tier.tier, explanation, maxProbability, report, conversation.prompt, trace, { failClosed: true });
        }
        failOpen = true;
        continue;
      }
      if (outcome.decision === "block") {
        return this.result(started, "block", outcome.category, tier.tier, outcome.explanation, outcome.attackProbability ?? maxProbability, report, conversation.prompt, trace, { failOpen });
      }
      if (outcome.decision === "pass") {
        confidentPass = { tier: tier.tier, outcome };
        continue;
      }
      lastEscalation = { tier: tier.tier, outcome };
    }

    if (confidentPass) {
      const { tier, outcome } = confidentPass;
      return this.result(started, "pass", "none", tier, outcome.explanation, outcome.attackProbability ?? maxProbability, report, conversation.prompt, trace, { failOpen });
    }
    if (lastEscalation) {
      const { tier, outcome } = lastEscalation;
      const judged = this.tiers.some((t) => t.tier === 3);
      const explanation = `${outcome.explanation}; ${judged ? "no higher tier could decide" : "no judge configured, so review"}`;
      return this.result(started, "review", "uncertain", tier, explanation, outcome.attackProbability ?? maxProbability, report, conversation.prompt, trace, { failOpen });
    }
    const explanation = failOpen ? "passed: a failing tier was skipped (fail policy: open)" : this.tiers.length === 0 ? "Tier 0: clean; no further tier configured" : "passed";
    return this.result(started, "pass", "none", 0, explanation, maxProbability, report, conversation.prompt, trace, { failOpen });
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.tiers.map((t) => t.close?.()));
  }

  private result(
    started: number,
    verdict: Verdict,
    category: Category,
    tier: TierId,
    explanation: string,
    attackProbability: number,
    sanitization: SanitizeReport,
    prompt: string,
    trace: TierTrace[],
    flags: { failOpen?: boolean; failClosed?: boolean },
  ): EvalResult {
    return {
      verdict,
      category,
      explanation,
      tier,
      latencyMs: roundMs(performance.now() - started),
      attackProbability,
      blocked: verdict === "block",
      passed: verdict === "pass",
      prompt,
      sanitization,
      failOpen: flags.failOpen ?? false,
      failClosed: flags.failClosed ?? false,
      trace,
    };
  }
}

function emptyReport(): SanitizeReport {
  return { changed: false, removed: {}, hiddenText: [] };
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
