/**
 * Stored events as training data for `moat train --import` (src/training/formats/moat-events.ts
 * reads this format). The label rule, in order:
 *
 * 1. the operator's mark: false_positive -> benign, missed_attack -> attack;
 * 2. otherwise the verdict: block -> attack (would_block in log mode too), pass -> benign;
 * 3. otherwise (review with no mark) the event has no label and is left out: nobody decided.
 *
 * A block the firewall decided on something other than the user's prompt (a tool message, hidden
 * text, the prompt joined with the turn before) is left out unless marked: the stored text is the
 * prompt, and labelling it "attack" would teach Tier 2 that an innocent question is one.
 *
 * Unmarked events teach the classifier its own verdicts; `markedOnly` keeps the export to the
 * events an operator confirmed or corrected.
 */
import { z } from "zod";
import type { StoredEvent } from "./record.js";

export type TrainingLabel = "attack" | "benign";

export interface TrainingLine {
  messages: [{ role: "user"; content: string }];
  label: TrainingLabel;
  source: "moat-events";
  event_id: string;
  route: string;
  verdict: StoredEvent["verdict"];
  category: StoredEvent["category"];
  tier: number;
  timestamp: string;
  mark?: NonNullable<StoredEvent["mark"]>;
  /** The stored excerpt is shorter than the judged prompt (raise events.prompt_excerpt_chars). */
  truncated?: true;
}

export type SkipReason = "no_label" | "no_prompt" | "unmarked" | "flagged_other_input";

// The part of Tier 1's trace details this reads; anything else there is ignored.
const tier1DetailsSchema = z.looseObject({
  detectors: z.array(z.looseObject({ vote: z.string().optional(), input: z.string().optional() })),
});

/**
 * What a block was about when it was not the user's prompt: Tier 0 blocks hidden text (the stored
 * prompt is what was around it); Tier 1 names the input on which each blocking detector crossed
 * its block_at.
 * Undefined when the prompt itself was flagged, or the event is not a block by Tier 0 or 1.
 */
export function flaggedBesidesPrompt(event: Pick<StoredEvent, "verdict" | "tier" | "trace">): string | undefined {
  if (event.verdict !== "block") return undefined;
  if (event.tier === 0) return event.trace.some((t) => t.tier === 0 && t.decision === "block") ? "hidden text" : undefined;
  if (event.tier !== 1) return undefined;
  const step = event.trace.find((t) => t.tier === 1 && t.decision === "block");
  const parsed = tier1DetailsSchema.safeParse(step?.details);
  if (!parsed.success) return undefined;
  const flagged = parsed.data.detectors.filter((d) => d.vote === "block").map((d) => d.input ?? "prompt");
  return flagged.length > 0 && !flagged.includes("prompt") ? flagged[0] : undefined;
}

export function labelFor(event: Pick<StoredEvent, "mark" | "verdict">): TrainingLabel | undefined {
  if (event.mark === "false_positive") return "benign";
  if (event.mark === "missed_attack") return "attack";
  if (event.verdict === "block") return "attack";
  if (event.verdict === "pass") return "benign";
  return undefined;
}

export function toTrainingLine(event: StoredEvent, options: { markedOnly?: boolean } = {}): TrainingLine | SkipReason {
  if (options.markedOnly && event.mark === null) return "unmarked";
  const label = labelFor(event);
  if (label === undefined) return "no_label";
  if (event.mark === null && flaggedBesidesPrompt(event) !== undefined) return "flagged_other_input";
  if (event.prompt === null || event.prompt.trim() === "") return "no_prompt";
  return {
    messages: [{ role: "user", content: event.prompt }],
    label,
    source: "moat-events",
    event_id: event.id,
    route: event.route,
    verdict: event.verdict,
    category: event.category,
    tier: event.tier,
    timestamp: new Date(event.time).toISOString(),
    ...(event.mark ? { mark: event.mark } : {}),
    ...(event.prompt.length < event.prompt_chars ? { truncated: true as const } : {}),
  };
}

export interface ExportSummary {
  written: number;
  attack: number;
  benign: number;
  truncated: number;
  skipped: Record<SkipReason, number>;
}

/** Writes one JSON line per labelled event through `write`, and says what was left out and why. */
export function exportTraining(events: Iterable<StoredEvent>, write: (line: string) => void, options: { markedOnly?: boolean } = {}): ExportSummary {
  const summary: ExportSummary = { written: 0, attack: 0, benign: 0, truncated: 0, skipped: { no_label: 0, no_prompt: 0, unmarked: 0, flagged_other_input: 0 } };
  for (const event of events) {
    const line = toTrainingLine(event, options);
    if (typeof line === "string") {
      summary.skipped[line]++;
      continue;
    }
    write(`${JSON.stringify(line)}\n`);
    summary.written++;
    summary[line.label]++;
    if (line.truncated) summary.truncated++;
  }
  return summary;
}
