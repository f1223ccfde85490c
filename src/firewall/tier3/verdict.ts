/**
 * Reading the judge's verdict letter. The letter must start the reply: only whitespace, quotes,
 * `*` and backticks may come before it (markdown emphasis, code spans). A letter found later
 * ("Verdict: B", "I would say B") is not a verdict; reading it anyway is how the original turned
 * "Verdict: B" into D.
 */
import type { Category, TierDecision } from "../types.js";

export type VerdictLetter = "P" | "A" | "B" | "C" | "D";

export type LetterScan = { status: "need-more" } | { status: "letter"; letter: VerdictLetter; end: number } | { status: "invalid" };

const PREFIX = /^[\s"'`*\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e]*/u;
const LETTERS = new Set(["P", "A", "B", "C", "D"]);
const WORD_CHAR = /[\p{L}\p{N}_]/u;

/**
 * Scans the reply received so far. Called at token boundaries: a letter at the end of the text
 * counts as a whole word, because tokenizers encode words that begin with these letters
 * ("Based", "Probably", "Definitely") as tokens of their own, so a bare-letter token is the
 * letter itself. That lets the firewall act on the first token instead of waiting for a second.
 */
export function scanVerdict(text: string): LetterScan {
  const start = PREFIX.exec(text)?.[0].length ?? 0;
  if (start >= text.length) return { status: "need-more" };
  const letter = text[start]!.toUpperCase();
  if (!LETTERS.has(letter)) return { status: "invalid" };
  const next = text[start + 1];
  if (next !== undefined && WORD_CHAR.test(next)) return { status: "invalid" };
  return { status: "letter", letter: letter as VerdictLetter, end: start + 1 };
}

export interface LetterMeaning {
  decision: TierDecision;
  category: Category;
  /** How the explanation reads. */
  label: string;
}

export const LETTER_MEANINGS: Record<VerdictLetter, LetterMeaning> = {
  P: { decision: "pass", category: "none", label: "safe and within the agent's scope" },
  A: { decision: "block", category: "off_topic", label: "outside the agent's scope" },
  B: { decision: "block", category: "violation", label: "prompt injection, jailbreak or security threat" },
  C: { decision: "block", category: "restriction", label: "asks for a restricted action" },
  D: { decision: "escalate", category: "uncertain", label: "the judge could not decide" },
};

/** The letter a few-shot example in agent.yaml stands for. */
export function letterForExample(verdict: "pass" | "block" | "review", category: Category): VerdictLetter {
  if (verdict === "pass") return "P";
  if (verdict === "review") return "D";
  if (category === "off_topic") return "A";
  if (category === "restriction") return "C";
  return "B";
}

/** Strips the separator after the letter ("B: because", "**B** - because") from the reason. */
export function cleanReason(afterLetter: string): string {
  return afterLetter
    .replace(/^[\s*`"'\u201c\u201d\u2018\u2019\u00ab\u00bb.:;,)\]\-\u2013\u2014|]+/u, "")
    .replace(/\s+/g, " ")
    .trim();
}
