/**
 * Curation: which turns of which conversations each classifier learns from.
 *
 * - attack samples: the last few turns of adversarial conversations that succeeded (where the
 *   attack payload sits), or the labelled turn of a labelled request;
 * - benign samples: every turn of benign conversations the agent handled well, plus the agent's
 *   permitted intents;
 * - background (what each classifier learns to tell its class apart from): for the attack
 *   classifier the benign user turns of all QA conversations; for the benign classifier the same
 *   turns of all adversarial conversations (also those the agent resisted) and the restricted
 *   intents.
 *
 * Benign-looking openings of attack conversations are dropped from the attack side (openings.ts).
 * Trivially short turns ("ok", "yes") carry no signal and are skipped. When there are more
 * conversations than the budget, they are chosen stratified by attack family (fail category) or
 * persona, at least one per stratum, most severe / most confident first.
 */
import { DEFAULT_SNIPPET_FORMAT, formatContext, formatSnippet, type SnippetFormat } from "../firewall/tier2/classifier.js";
import type { ImportedConversation } from "./formats/types.js";
import { findOpenings } from "./openings.js";

export interface CurationOptions {
  /** Turns taken from the end of a succeeded attack conversation. */
  attackTurns: number;
  /** Shorter user turns are skipped. */
  minChars: number;
  /** Most conversations per class (stratified when there are more). */
  maxConversations: number;
  permittedIntents: readonly string[];
  restrictedIntents: readonly string[];
  format: SnippetFormat;
  /** Drop benign-looking openings from the attack turns (see openings.ts). */
  dropOpenings: boolean;
  seed: number;
}

export const DEFAULT_CURATION: Omit<CurationOptions, "permittedIntents" | "restrictedIntents"> = {
  attackTurns: 3,
  minChars: 10,
  maxConversations: 5000,
  format: DEFAULT_SNIPPET_FORMAT,
  dropOpenings: true,
  seed: 1,
};

export interface Sample {
  turn: string;
  /** Earlier turns, formatted (see formatContext). */
  context: string;
  stratum: string;
  conversation: string;
  /** The import file. */
  source: string;
}

export interface CuratedData {
  attack: Sample[];
  benign: Sample[];
  /** Snippets the attack classifier learns as "not attack". */
  attackBackground: Snippet[];
  /** Snippets the benign classifier learns as "not benign". */
  benignBackground: Snippet[];
  strata: { attack: Record<string, number>; benign: Record<string, number> };
  conversations: { attack: number; benign: number };
  skippedShortTurns: number;
  /** Turns of adversarial conversations dropped as benign-looking openings. */
  droppedOpenings: number;
}

/** A formatted snippet and the conversation it came from. */
export interface Snippet {
  text: string;
  group: string;
}

/** Indices of the turns a conversation's label speaks for. */
export function labelledTurns(c: ImportedConversation, attackTurns: number): number[] {
  const n = c.turns.length;
  if (c.labelScope === "last_turn") return n > 0 ? [n - 1] : [];
  const start = c.kind === "adversarial" ? Math.max(0, n - attackTurns) : 0;
  const out: number[] = [];
  for (let i = start; i < n; i++) out.push(i);
  return out;
}

function samplesOf(c: ImportedConversation, options: CurationOptions, counter: { short: number }): Sample[] {
  const out: Sample[] = [];
  for (const i of labelledTurns(c, options.attackTurns)) {
    const turn = c.turns[i]?.user.trim() ?? "";
    if (turn.length < options.minChars) {
      counter.short++;
      continue;
    }
    out.push({ turn, context: formatContext(c.turns.slice(0, i), options.format), stratum: c.stratum, conversation: c.id, source: c.source });
  }
  return out;
}

/** Both snippets of a sample: with its context, and the turn alone. */
export function snippetsOf(sample: Sample): Snippet[] {
  const group = `${sample.source}\u0000${sample.conversation}`;
  const alone = { text: formatSnippet(sample.turn, ""), group };
  return sample.context ? [{ text: formatSnippet(sample.turn, sample.context), group }, alone] : [alone];
}

/**
 * Splits a budget over strata: one each first (while the budget lasts), the rest in proportion to
 * stratum size, never more than a stratum holds.
 */
export function allocateStratified(sizes: ReadonlyMap<string, number>, budget: number): Map<string, number> {
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  const allocation = new Map<string, number>();
  if (total <= budget) {
    for (const [k, n] of sizes) allocation.set(k, n);
    return allocation;
  }
  const byLargest = [...sizes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  let left = budget;
  for (const [k, n] of byLargest) {
    const one = left > 0 && n > 0 ? 1 : 0;
    allocation.set(k, one);
    left -= one;
  }
  const rest = left;
  const remainders: { k: string; frac: number }[] = [];
  for (const [k, n] of byLargest) {
    const room = n - (allocation.get(k) ?? 0);
    const exact = Math.min(room, (n / total) * rest);
    const whole = Math.floor(exact);
    allocation.set(k, (allocation.get(k) ?? 0) + whole);
    left -= whole;
    remainders.push({ k, frac: exact - whole });
  }
  remainders.sort((a, b) => b.frac - a.frac);
  for (const { k } of remainders) {
    if (left <= 0) break;
    if ((allocation.get(k) ?? 0) < (sizes.get(k) ?? 0)) {
      allocation.set(k, (allocation.get(k) ?? 0) + 1);
      left--;
    }
  }
  return allocation;
}

/** Picks up to `budget` conversations, stratified, highest severity then confidence first within a stratum. */
export function selectStratified(conversations: readonly ImportedConversation[], budget: number): ImportedConversation[] {
  const groups = new Map<string, ImportedConversation[]>();
  for (const c of conversations) groups.set(c.stratum, [...(groups.get(c.stratum) ?? []), c]);
  const allocation = allocateStratified(new Map([...groups].map(([k, v]) => [k, v.length])), budget);
  const chosen = new Set<ImportedConversation>();
  for (const [k, list] of groups) {
    const ranked = [...list].sort((a, b) => (b.severity ?? 0) - (a.severity ?? 0) || (b.confidence ?? 0) - (a.confidence ?? 0));
    for (const c of ranked.slice(0, allocation.get(k) ?? 0)) chosen.add(c);
  }
  // Keep the input order, so that the result does not depend on map iteration.
  return conversations.filter((c) => chosen.has(c));
}

function countBy(samples: readonly Sample[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) out[s.stratum] = (out[s.stratum] ?? 0) + 1;
  return out;
}

function keyOf(c: { source: string; id: string }): string {
  return `${c.source}\u0000${c.id}`;
}

export function curate(conversations: readonly ImportedConversation[], options: CurationOptions): CuratedData {
  const counter = { short: 0 };
  const ignore = { short: 0 };
  const adversarial = conversations.filter((c) => c.kind === "adversarial");
  const benignSide = conversations.filter((c) => c.kind === "benign");
  const attackConversations = selectStratified(
    adversarial.filter((c) => c.outcome === "compromised"),
    options.maxConversations,
  );
  const benignConversations = selectStratified(
    benignSide.filter((c) => c.outcome === "handled"),
    options.maxConversations,
  );
  const chosenAttack = new Set(attackConversations.map(keyOf));

  // Every adversarial turn the label speaks for (resisted attacks included), cleaned of openings.
  const adversarialSamples = adversarial.flatMap((c) => samplesOf(c, options, chosenAttack.has(keyOf(c)) ? counter : ignore));
  const benignSideSamples = benignSide.flatMap((c) => samplesOf(c, options, ignore));
  const openings = options.dropOpenings
    ? findOpenings(adversarialSamples, benignSideSamples, options.seed)
    : { keep: new Set(adversarialSamples.map((_, i) => i)), dropped: 0 };
  const cleanAdversarial = adversarialSamples.filter((_, i) => openings.keep.has(i));

  const attack = cleanAdversarial.filter((s) => chosenAttack.has(keyOf({ source: s.source, id: s.conversation })));
  const benign = benignConversations.flatMap((c) => samplesOf(c, options, counter));
  const intentSamples = options.permittedIntents.map((intent, i) => ({ turn: intent, context: "", stratum: "permitted intent", conversation: `intent ${i}`, source: "agent.yaml" }));

  const intents = (list: readonly string[]): Snippet[] => list.map((t, i) => ({ text: formatSnippet(t, ""), group: `agent.yaml\u0000${i}` }));
  const attackBackground = [...benignSideSamples.flatMap(snippetsOf), ...intents(options.permittedIntents)];
  const benignBackground = [...cleanAdversarial.flatMap(snippetsOf), ...intents(options.restrictedIntents)];

  return {
    attack,
    benign: [...benign, ...intentSamples],
    attackBackground,
    benignBackground,
    strata: { attack: countBy(attack), benign: countBy(benign) },
    conversations: { attack: attackConversations.length, benign: benignConversations.length },
    skippedShortTurns: counter.short,
    droppedOpenings: openings.dropped,
  };
}
