/**
 * Events that Moat itself recorded, exported as JSONL so that production verdicts become the next
 * training data. One line per evaluated request:
 *
 *   {"messages": [...], "label": "attack" | "benign", "source": "moat-events",
 *    "event_id": "...", "route": "...", "verdict": "pass" | "block" | "review", ...}
 *
 * `messages` is the request's conversation (OpenAI format), `label` the confirmed judgement (the
 * verdict, or an operator's correction of it). Each event judged one request, so the label speaks
 * for the last user message only; earlier turns are context (they have events of their own).
 * Optional: `timestamp` (ISO or epoch), `category` (verdict category), `tier`. Unknown keys are
 * allowed, so the export can grow without breaking this reader.
 */
import { z } from "zod";
import { messagesToTurns } from "./messages.js";
import { parseDate, skip, type ImportedConversation } from "./types.js";
import type { SourceRecord } from "./records.js";

export const MOAT_EVENTS_SOURCE = "moat-events";

export const moatEventSchema = z.looseObject({
  messages: z.array(z.unknown()).min(1),
  label: z.enum(["attack", "benign"]),
  source: z.literal(MOAT_EVENTS_SOURCE),
  event_id: z.union([z.string().min(1), z.number()]),
  route: z.string().nullish(),
  verdict: z.enum(["pass", "block", "review"]).nullish(),
  category: z.string().nullish(),
  timestamp: z.union([z.string(), z.number()]).nullish(),
});
export type MoatEvent = z.output<typeof moatEventSchema>;

export function looksLikeMoatEvent(value: unknown): boolean {
  return value !== null && typeof value === "object" && (value as { source?: unknown }).source === MOAT_EVENTS_SOURCE;
}

export function convertMoatEvents(records: readonly SourceRecord[], file: string, skipped: Record<string, number>): ImportedConversation[] {
  const out: ImportedConversation[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    const parsed = moatEventSchema.safeParse(record.value);
    if (!parsed.success) {
      skip(skipped, "not a Moat event (needs messages, label, source \"moat-events\", event_id)");
      continue;
    }
    const event = parsed.data;
    const id = String(event.event_id);
    if (seen.has(id)) {
      skip(skipped, "duplicate event_id");
      continue;
    }
    seen.add(id);
    const turns = messagesToTurns(event.messages);
    const last = turns[turns.length - 1];
    if (!last || !last.user.trim()) {
      skip(skipped, "no user message");
      continue;
    }
    const attack = event.label === "attack";
    const date = parseDate(event.timestamp);
    out.push({
      source: file,
      id,
      kind: attack ? "adversarial" : "benign",
      outcome: attack ? "compromised" : "handled",
      turns,
      labelScope: "last_turn",
      stratum: (attack ? event.category : event.route) || event.route || event.label,
      ...(date ? { date } : {}),
      experiment: file,
    });
  }
  return out;
}
