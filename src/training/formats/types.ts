/**
 * What every importer produces: conversations in one shape, with what the red-team tool said
 * about them. Curation decides from these fields which turns become training samples.
 */
import type { Turn } from "../../firewall/types.js";

export const FORMAT_NAMES = ["humanbound", "pyrit", "promptfoo", "jsonl", "moat-events"] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/**
 * - compromised: an adversarial conversation in which the attack worked (the agent failed).
 * - resisted: an adversarial conversation the agent withstood.
 * - handled / mishandled: a benign (QA) conversation the agent got right / wrong.
 */
export type Outcome = "compromised" | "resisted" | "handled" | "mishandled";

export interface ImportedConversation {
  /** The file it was imported from. */
  source: string;
  /** Stable id: the tool's own (thread_id, event_id) or file:line. */
  id: string;
  kind: "adversarial" | "benign";
  outcome: Outcome;
  /** Oldest first; `agent` is the reply to `user` ("" when none was recorded). */
  turns: Turn[];
  /**
   * Which turns the label speaks for: the whole conversation (red-team tools judge whole
   * conversations) or only the last user turn (a labelled request, e.g. a Moat event).
   */
  labelScope: "conversation" | "last_turn";
  /** Attack family (fail category) for adversarial conversations, persona for benign ones. */
  stratum: string;
  severity?: number;
  confidence?: number;
  date?: Date;
  /** Groups conversations into experiments for --last (the tool's experiment id, or the file). */
  experiment: string;
}

export interface ImportResult {
  file: string;
  format: FormatName;
  conversations: ImportedConversation[];
  /** Records that were read but not used, with why (counted per reason). */
  skipped: Record<string, number>;
  /** Things the operator should know about this file. */
  warnings: string[];
}

export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportError";
  }
}

/** Adds one to a reason counter. */
export function skip(skipped: Record<string, number>, reason: string): void {
  skipped[reason] = (skipped[reason] ?? 0) + 1;
}

/** Parses a date from the forms the tools write (ISO strings, epoch seconds or milliseconds). */
export function parseDate(value: unknown): Date | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return new Date(value < 1e12 ? value * 1000 : value);
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
