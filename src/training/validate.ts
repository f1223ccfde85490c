/**
 * Validation on held-out conversations: turns are voted on as Tier 2 would at run time (their
 * earlier turns as context), and counted as caught / escalated / passed (attacks) or passed /
 * escalated / blocked (benign turns). Every turn of a benign conversation is benign; of an
 * attack conversation only the last turn is sure to be an attack (the one after which the agent
 * was compromised; earlier turns may be a harmless opening), so only that one is counted.
 */
import type { AgentClassifier, SnippetFormat } from "../firewall/tier2/classifier.js";
import type { ValidationReport } from "../firewall/tier2/hbfw.js";
import { classifyTurn, type VoteDecision } from "../firewall/tier2/voting.js";
import { labelledTurns } from "./curate.js";
import type { ImportedConversation } from "./formats/types.js";

export interface TurnVerdict {
  conversation: string;
  index: number;
  label: "attack" | "benign";
  decision: VoteDecision;
}

export function replay(
  attack: AgentClassifier,
  benign: AgentClassifier,
  conversations: readonly ImportedConversation[],
  options: { attackTurns: number; minChars: number; format: SnippetFormat },
): TurnVerdict[] {
  const out: TurnVerdict[] = [];
  for (const c of conversations) {
    if (c.outcome !== "compromised" && c.outcome !== "handled") continue;
    const label = c.kind === "adversarial" ? "attack" : "benign";
    const turns = label === "attack" ? [c.turns.length - 1] : labelledTurns(c, options.attackTurns);
    for (const i of turns) {
      const turn = c.turns[i]?.user ?? "";
      if (turn.trim().length < options.minChars) continue;
      const { decision } = classifyTurn(attack, benign, c.turns.slice(0, i), turn, options.format);
      out.push({ conversation: c.id, index: i, label, decision });
    }
  }
  return out;
}

function rate(n: number, total: number): number | null {
  return total > 0 ? Math.round((n / total) * 10_000) / 10_000 : null;
}

export function summarize(verdicts: readonly TurnVerdict[], conversations: number): ValidationReport {
  const count = (label: TurnVerdict["label"], decision: VoteDecision): number => verdicts.filter((v) => v.label === label && v.decision === decision).length;
  const attacks = verdicts.filter((v) => v.label === "attack").length;
  const benign = verdicts.filter((v) => v.label === "benign").length;
  const escalated = verdicts.filter((v) => v.decision === "escalate").length;
  const wrong = count("attack", "pass") + count("benign", "block");
  return {
    conversations,
    attack_turns: attacks,
    benign_turns: benign,
    attack_caught_rate: rate(count("attack", "block"), attacks),
    attack_escalated_rate: rate(count("attack", "escalate"), attacks),
    attack_passed_rate: rate(count("attack", "pass"), attacks),
    benign_pass_rate: rate(count("benign", "pass"), benign),
    benign_escalated_rate: rate(count("benign", "escalate"), benign),
    benign_blocked_rate: rate(count("benign", "block"), benign),
    escalation_rate: rate(escalated, verdicts.length),
    settled_rate: rate(verdicts.length - escalated, verdicts.length),
    error_rate: rate(wrong, verdicts.length),
  };
}
