/**
 * Plain JSONL: one labelled conversation per line, `{"messages": [...], "label": "attack" |
 * "benign"}` with OpenAI-style messages. The label speaks for the last user message (the one a
 * firewall would judge); in a benign conversation every user message is benign. Optional:
 * `category` (stratum), `date` or `timestamp`, `id`.
 */
import { z } from "zod";
import { messagesToTurns } from "./messages.js";
import { parseDate, skip, type ImportedConversation } from "./types.js";
import type { SourceRecord } from "./records.js";

export const plainRecordSchema = z.looseObject({
  messages: z.array(z.unknown()).min(1),
  label: z.enum(["attack", "benign"]),
  category: z.string().nullish(),
  date: z.union([z.string(), z.number()]).nullish(),
  timestamp: z.union([z.string(), z.number()]).nullish(),
  id: z.union([z.string(), z.number()]).nullish(),
});

export function convertPlain(records: readonly SourceRecord[], file: string, skipped: Record<string, number>): ImportedConversation[] {
  const out: ImportedConversation[] = [];
  for (const record of records) {
    const parsed = plainRecordSchema.safeParse(record.value);
    if (!parsed.success) {
      skip(skipped, 'not a labelled conversation ({"messages": [...], "label": "attack" | "benign"})');
      continue;
    }
    const { messages, label, category, id } = parsed.data;
    const turns = messagesToTurns(messages);
    if (!turns.some((t) => t.user.trim())) {
      skip(skipped, "no user message");
      continue;
    }
    const date = parseDate(parsed.data.date ?? parsed.data.timestamp);
    const attack = label === "attack";
    out.push({
      source: file,
      id: id != null ? String(id) : record.where,
      kind: attack ? "adversarial" : "benign",
      outcome: attack ? "compromised" : "handled",
      turns,
      labelScope: attack ? "last_turn" : "conversation",
      stratum: category || label,
      ...(date ? { date } : {}),
      experiment: file,
    });
  }
  return out;
}
