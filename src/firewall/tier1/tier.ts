/**
 * Tier 1 as a cascade tier: scans the prompt, hidden text Tier 0 decoded, and each tool message
 * separately with the detector ensemble, and maps the ensemble's decision to block / pass /
 * escalate (or failed, for the route's fail policy).
 */
import type { Conversation, FirewallTier, TierOutcome } from "../types.js";
import type { Detector, ScanContext, ScanInput } from "./detector.js";
import { runEnsemble, type DetectorReport, type EnsembleResult } from "./ensemble.js";

export interface Tier1Options {
  consensus: number;
}

/**
 * How much of each turn the joined view keeps: the end of the earlier turn and the start of the
 * prompt, where the halves of a split payload meet. Longer views caught no more split attacks on
 * the evasion suite (bench/evasion.ts) and cost more on every turn.
 */
export const JOINED_TURN_CHARS = 500;

/** The previous user turn in the window, as Tier 1 reads text: sanitized, NFKC. */
function previousUserTurn(conversation: Conversation): string | undefined {
  for (let i = conversation.history.length - 1; i >= 0; i--) {
    const user = conversation.history[i]?.user ?? "";
    if (user.trim()) return user.normalize("NFKC");
  }
  return undefined;
}

/** The texts Tier 1 scores, each on its own. */
export function scanInputs(conversation: Conversation, options: { joinTurns?: boolean } = {}): ScanInput[] {
  const inputs: ScanInput[] = [];
  const prompt = conversation.detectionPrompt;
  if (prompt.trim()) {
    inputs.push({ text: prompt, source: "prompt", label: "prompt" });
    const earlier = options.joinTurns === true ? previousUserTurn(conversation) : undefined;
    if (earlier !== undefined) {
      const text = `${earlier.slice(-JOINED_TURN_CHARS)}\n${prompt.slice(0, JOINED_TURN_CHARS)}`;
      // The whole earlier turn decides whether it was an attack on its own (as it was when sent).
      inputs.push({ text, source: "prompt", label: "prompt with the turn before", earlier });
    }
  }
  conversation.hiddenText.forEach((text, i) => {
    if (text.trim()) inputs.push({ text: text.normalize("NFKC"), source: "prompt", label: `hidden text ${i + 1}` });
  });
  conversation.toolContent.forEach((tool, i) => {
    if (tool.text.trim()) {
      inputs.push({ text: tool.text.normalize("NFKC"), source: "tool", label: `tool message ${i + 1}${tool.name ? ` (${tool.name})` : ""}` });
    }
  });
  return inputs;
}

/** The conversation as "role: text" lines, oldest first, ending with the prompt. */
export function transcript(conversation: Conversation): string {
  const lines: string[] = [];
  for (const turn of conversation.history) {
    if (turn.user) lines.push(`user: ${turn.user}`);
    if (turn.agent) lines.push(`assistant: ${turn.agent}`);
  }
  for (const tool of conversation.toolContent) lines.push(`tool${tool.name ? ` (${tool.name})` : ""}: ${tool.text}`);
  lines.push(`user: ${conversation.prompt}`);
  return lines.join("\n");
}

function fmt(score: number | undefined): string {
  return score === undefined ? "-" : score.toFixed(3);
}

function describe(report: DetectorReport): string {
  if (report.status === "scored") return `${report.name} ${fmt(report.score)}${report.input && report.input !== "prompt" ? ` in ${report.input}` : ""}`;
  return `${report.name} ${report.status}${report.error ? ` (${report.error})` : ""}`;
}

function details(result: EnsembleResult, inputs: readonly ScanInput[]): Record<string, unknown> {
  return {
    consensus: result.consensus,
    decidedEarly: result.decidedEarly,
    votes: result.votes,
    inputs: inputs.map((i) => ({ label: i.label, source: i.source, chars: i.text.length })),
    detectors: result.reports,
    ...(result.reason ? { reason: result.reason } : {}),
  };
}

export function toOutcome(result: EnsembleResult, inputs: readonly ScanInput[]): TierOutcome {
  const p = result.attackProbability;
  const base = { details: details(result, inputs), ...(p !== undefined ? { attackProbability: p } : {}) };
  const voters = (vote: string): string =>
    result.reports
      .filter((r) => r.vote === vote)
      .map(describe)
      .join(", ");
  const failures = result.reports.filter((r) => r.status === "failed" || r.status === "timeout");
  const failureNote = failures.length > 0 ? `; not working: ${failures.map(describe).join(", ")}` : "";
  switch (result.decision) {
    case "block":
      return {
        decision: "block",
        category: "violation",
        explanation: `Tier 1: attack detected by ${result.votes.block} of ${result.reports.length} detector(s), consensus ${result.consensus}: ${voters("block")}`,
        ...base,
      };
    case "pass":
      return {
        decision: "pass",
        category: "none",
        explanation: `Tier 1: confident benign (${result.reports.filter((r) => r.status === "scored").map(describe).join(", ")})`,
        ...base,
      };
    case "escalate": {
      const unsure = result.reports.filter((r) => r.status === "scored" && r.vote !== "pass").map(describe);
      const why = result.reason ?? (unsure.length > 0 ? `unsure: ${unsure.join(", ")}` : "no confident decision");
      return { decision: "escalate", category: "uncertain", explanation: `Tier 1: not confident (${why}${failureNote})`, ...base };
    }
    case "failed":
      return { decision: "escalate", category: "uncertain", explanation: `Tier 1 failed: ${result.reason ?? "no working detector"}`, failed: true, ...base };
  }
}

export class Tier1 implements FirewallTier {
  readonly tier = 1 as const;
  readonly name = "detectors";
  /** Whether any detector reads the joined view of two turns (no point building it otherwise). */
  private readonly joinTurns: boolean;

  constructor(
    readonly detectors: readonly Detector[],
    private readonly options: Tier1Options,
  ) {
    if (detectors.length === 0) throw new Error("Tier 1 needs at least one detector");
    if (options.consensus < 1 || options.consensus > detectors.length) {
      throw new Error(`consensus ${options.consensus} needs between 1 and ${detectors.length} detectors`);
    }
    this.joinTurns = detectors.some((d) => d.joinsTurns === true);
  }

  appliesTo(conversation: Conversation): boolean {
    return scanInputs(conversation).length > 0;
  }

  async evaluate(conversation: Conversation, signal: AbortSignal): Promise<TierOutcome> {
    const inputs = scanInputs(conversation, { joinTurns: this.joinTurns });
    // Only HTTP detectors that send $CONVERSATION read the transcript: built on first use.
    let text: string | undefined;
    const context: ScanContext = {
      get transcript(): string {
        text ??= transcript(conversation);
        return text;
      },
    };
    const result = await runEnsemble(this.detectors, inputs, context, { consensus: this.options.consensus, signal });
    return toOutcome(result, inputs);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.detectors.map((d) => d.close?.()));
  }
}
