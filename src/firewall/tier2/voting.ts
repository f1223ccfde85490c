/**
 * The Tier 2 voting table. Each classifier votes twice: on the judged turn with its context and
 * on the turn alone. The attack vote is aggressive (either match counts), the benign vote is
 * conservative (both must match); then
 *
 *   attack only -> block      benign only -> pass      both / neither -> escalate to the judge
 */
import { DEFAULT_SNIPPET_FORMAT, formatContext, formatSnippet, type AgentClassifier, type SnippetFormat } from "./classifier.js";
import type { Turn } from "../types.js";

export type VoteDecision = "block" | "pass" | "escalate";
export type EscalationReason = "conflicting" | "uncertain";

export interface Vote {
  match: boolean;
  /** Score of the snippet with context, and of the turn alone. */
  contextScore: number;
  turnScore: number;
  contextMatch: boolean;
  turnMatch: boolean;
}

export interface VoteResult {
  decision: VoteDecision;
  reason?: EscalationReason;
  attack: Vote;
  benign: Vote;
  /** The attack classifier's higher score of its two votes. */
  attackProbability: number;
}

function clampScore(score: number): number {
  if (!Number.isFinite(score)) return 0;
  return Math.min(1, Math.max(0, score));
}

function ask(classifier: AgentClassifier, text: string, context: string): [boolean, number] {
  const answer = classifier.predict(text, context);
  if (!Array.isArray(answer) || answer.length < 2 || typeof answer[0] !== "boolean" || typeof answer[1] !== "number") {
    throw new TypeError(`classifier "${classifier.name}" predict() must return [boolean, number]`);
  }
  return [answer[0], clampScore(answer[1])];
}

interface Snippets {
  alone: string;
  withContext: string;
  context: string;
}

function vote(classifier: AgentClassifier, snippets: Snippets, rule: "any" | "all"): Vote {
  const [turnMatch, turnScore] = ask(classifier, snippets.alone, "");
  // With no earlier turn the two snippets are the same text: ask once.
  const [contextMatch, contextScore] = snippets.context ? ask(classifier, snippets.withContext, snippets.context) : [turnMatch, turnScore];
  const match = rule === "any" ? contextMatch || turnMatch : contextMatch && turnMatch;
  return { match, contextMatch, turnMatch, contextScore, turnScore };
}

export function classifyTurn(
  attackModel: AgentClassifier,
  benignModel: AgentClassifier,
  history: readonly Turn[],
  turn: string,
  format: SnippetFormat = DEFAULT_SNIPPET_FORMAT,
): VoteResult {
  const context = formatContext(history, format);
  // Built once and handed to both classifiers, so that a classifier may cache work per text.
  const snippets: Snippets = { alone: formatSnippet(turn, ""), withContext: formatSnippet(turn, context), context };
  const attack = vote(attackModel, snippets, "any");
  const benign = vote(benignModel, snippets, "all");
  const attackProbability = Math.max(attack.contextScore, attack.turnScore);
  if (attack.match && !benign.match) return { decision: "block", attack, benign, attackProbability };
  if (benign.match && !attack.match) return { decision: "pass", attack, benign, attackProbability };
  return { decision: "escalate", reason: attack.match ? "conflicting" : "uncertain", attack, benign, attackProbability };
}
