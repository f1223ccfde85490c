/**
 * PyRIT scan output: a JSON object whose `redteaming_data` lists
 * `{conversation: [{role, content}], attack_success, risk_category, attack_technique,
 * risk_assessment: {<category>: {severity_label}}}`. Every conversation is adversarial;
 * attack_success true means the agent was compromised.
 */
import { z } from "zod";
import { messagesToTurns } from "./messages.js";
import { ImportError, skip, type ImportedConversation } from "./types.js";

const SEVERITY: Record<string, number> = { "very low": 10, low: 30, medium: 50, high: 75, "very high": 95 };

const entrySchema = z.looseObject({
  conversation: z.array(z.unknown()),
  attack_success: z.boolean().nullish(),
  risk_category: z.string().nullish(),
  attack_technique: z.string().nullish(),
  risk_assessment: z.record(z.string(), z.unknown()).nullish(),
});

export const pyritFileSchema = z.looseObject({ redteaming_data: z.array(z.unknown()) });

function severityOf(assessment: Record<string, unknown> | null | undefined): number | undefined {
  let max: number | undefined;
  for (const value of Object.values(assessment ?? {})) {
    const label = value !== null && typeof value === "object" ? (value as { severity_label?: unknown }).severity_label : undefined;
    const score = typeof label === "string" ? SEVERITY[label.toLowerCase()] : undefined;
    if (score !== undefined) max = Math.max(max ?? 0, score);
  }
  return max;
}

export function convertPyrit(document: unknown, file: string, skipped: Record<string, number>): ImportedConversation[] {
  const parsed = pyritFileSchema.safeParse(document);
  if (!parsed.success) throw new ImportError(`${file}: not a PyRIT scan output (no "redteaming_data" list)`);
  const out: ImportedConversation[] = [];
  parsed.data.redteaming_data.forEach((raw, index) => {
    const entry = entrySchema.safeParse(raw);
    if (!entry.success) {
      skip(skipped, "not a PyRIT entry (needs conversation [{role, content}])");
      return;
    }
    const { conversation, attack_success, risk_category, attack_technique, risk_assessment } = entry.data;
    if (typeof attack_success !== "boolean") {
      skip(skipped, "attack_success missing");
      return;
    }
    const turns = messagesToTurns(conversation);
    if (!turns.some((t) => t.user.trim())) {
      skip(skipped, "conversation has no user turn");
      return;
    }
    const severity = severityOf(risk_assessment);
    out.push({
      source: file,
      id: `${file}#${index}`,
      kind: "adversarial",
      outcome: attack_success ? "compromised" : "resisted",
      turns,
      labelScope: "conversation",
      stratum: risk_category || attack_technique || "other",
      ...(severity !== undefined ? { severity } : {}),
      experiment: file,
    });
  });
  return out;
}
