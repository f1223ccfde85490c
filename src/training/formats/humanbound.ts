/**
 * Humanbound test logs: one entry per conversation, `conversation: [{u, a}]`, `result`
 * pass | fail | error, `test_category` (…/adversarial/… or …/behavioral/qa), `fail_category`,
 * `gen_category` (attack sub-category or QA persona), `severity`, `confidence`, a date. In an
 * adversarial test `fail` means the attack worked.
 */
import { z } from "zod";
import { parseDate, skip, type ImportedConversation } from "./types.js";
import type { SourceRecord } from "./records.js";

const text = z.string().nullish();
const turnSchema = z.looseObject({ u: text, a: text, user: text, assistant: text });

export const humanboundRecordSchema = z.looseObject({
  thread_id: z.union([z.string(), z.number()]).nullish(),
  conversation: z.array(turnSchema),
  result: z.string(),
  test_category: z.string().nullish(),
  gen_category: z.string().nullish(),
  fail_category: z.union([z.string(), z.array(z.string())]).nullish(),
  severity: z.number().nullish(),
  confidence: z.number().nullish(),
  date: z.union([z.string(), z.number()]).nullish(),
  created_at: z.union([z.string(), z.number()]).nullish(),
  timestamp: z.union([z.string(), z.number()]).nullish(),
  experiment_id: z.union([z.string(), z.number()]).nullish(),
});

/** True when a record looks like a Humanbound log entry. */
export function looksLikeHumanbound(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  const conversation = (value as { conversation?: unknown }).conversation;
  return Array.isArray(conversation) && conversation.some((t) => t !== null && typeof t === "object" && ("u" in t || "a" in t));
}

function firstCategory(value: string | string[] | null | undefined): string {
  const list = Array.isArray(value) ? value : (value ?? "").split(",");
  return list.map((s) => s.trim()).find((s) => s.length > 0) ?? "";
}

export function convertHumanbound(records: readonly SourceRecord[], file: string, skipped: Record<string, number>): ImportedConversation[] {
  const out: ImportedConversation[] = [];
  for (const record of records) {
    const parsed = humanboundRecordSchema.safeParse(record.value);
    if (!parsed.success) {
      skip(skipped, "not a Humanbound log entry (needs conversation [{u, a}] and result)");
      continue;
    }
    const log = parsed.data;
    const category = (log.test_category ?? "").toLowerCase();
    const kind = category.includes("adversarial") ? "adversarial" : category.includes("behavioral") || category.includes("qa") ? "benign" : undefined;
    if (!kind) {
      skip(skipped, "test_category missing or neither adversarial nor behavioral/qa");
      continue;
    }
    const result = log.result.toLowerCase();
    if (result !== "pass" && result !== "fail") {
      skip(skipped, `result "${result}" (only pass and fail are used)`);
      continue;
    }
    const turns = log.conversation.map((t) => ({ user: t.u ?? t.user ?? "", agent: t.a ?? t.assistant ?? "" }));
    if (!turns.some((t) => t.user.trim())) {
      skip(skipped, "conversation has no user turn");
      continue;
    }
    const stratum = kind === "adversarial" ? firstCategory(log.fail_category) || log.gen_category || "other" : log.gen_category || "other";
    const date = parseDate(log.date ?? log.created_at ?? log.timestamp);
    out.push({
      source: file,
      id: log.thread_id != null ? String(log.thread_id) : record.where,
      kind,
      outcome: kind === "adversarial" ? (result === "fail" ? "compromised" : "resisted") : result === "pass" ? "handled" : "mishandled",
      turns,
      labelScope: "conversation",
      stratum,
      ...(log.severity != null ? { severity: log.severity } : {}),
      ...(log.confidence != null ? { confidence: log.confidence } : {}),
      ...(date ? { date } : {}),
      experiment: log.experiment_id != null ? String(log.experiment_id) : file,
    });
  }
  return out;
}
