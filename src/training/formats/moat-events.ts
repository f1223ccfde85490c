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
 * Optional: `timestamp` (ISO or epoch), `category` (verdict category), `tier`, `mark` (an
 * operator's correction), `truncated` (the stored prompt is an excerpt). Unknown keys are allowed,
 * so the export can grow without breaking this reader. `moat events export --label` writes it
 * (src/events/training-export.ts).
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
  verdict: z.string().nullish(),
  category: z.string().nullish(),
  timestamp: z.union([z.string(), z.number()]).nullish(),
  truncated: z.boolean().nullish(),
});
export type MoatEvent = z.output<typeof moatEventSchema>;

export function looksLikeMoatEvent(value: unknown): boolean {
  return value !== null && typeof value === "object" && (value as { source?: unknown }).source === MOAT_EVENTS_SOURCE;
}

export function convertMoatEvents(records: readonly SourceRecord[], file: string, skipped: Record<string, number>, warnings: string[] = []): ImportedConversation[] {
  const out: ImportedConversation[] = [];
  let truncated = 0;
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
    if (event.truncated) truncated++;
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
  if (truncated > 0) warnings.push(`${file}: ${truncated} event(s) hold a truncated prompt excerpt; raise events.prompt_excerpt_chars to export whole prompts`);
  return out;
}
