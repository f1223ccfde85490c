/**
 * The validation split: whole conversations (never single turns, which would leak their context
 * into training) are held out, stratified by class and stratum, with a seeded shuffle so that a
 * run can be repeated. Only conversations that give samples are held out; resisted attacks and
 * mishandled QA conversations serve as background and stay in training.
 */
import { seededRandom, shuffleInPlace } from "../firewall/ml/index.js";
import type { ImportedConversation } from "./formats/types.js";

export interface Split {
  train: ImportedConversation[];
  validation: ImportedConversation[];
}

export function splitConversations(conversations: readonly ImportedConversation[], fraction: number, seed: number): Split {
  if (fraction <= 0) return { train: [...conversations], validation: [] };
  const groups = new Map<string, ImportedConversation[]>();
  for (const c of conversations) {
    if (c.outcome !== "compromised" && c.outcome !== "handled") continue;
    const key = `${c.kind}/${c.stratum}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const random = seededRandom(seed);
  const held = new Set<ImportedConversation>();
  for (const key of [...groups.keys()].sort()) {
    const list = [...(groups.get(key) ?? [])];
    shuffleInPlace(list, random);
    // Round, but a stratum always keeps at least one conversation for training.
    const n = Math.min(list.length - 1, Math.round(list.length * fraction));
    for (const c of list.slice(0, Math.max(0, n))) held.add(c);
  }
  return { train: conversations.filter((c) => !held.has(c)), validation: conversations.filter((c) => held.has(c)) };
}
