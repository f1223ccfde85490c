/** The three outcomes of a calibrated detector score against its two thresholds. */

export type Outcome = "block" | "escalate" | "pass";

export interface OutcomeThresholds {
  blockAt: number;
  passBelow: number;
}

export function outcomeOf(p: number, t: OutcomeThresholds): Outcome {
  if (p >= t.blockAt) return "block";
  if (p < t.passBelow) return "pass";
  return "escalate";
}

export interface OutcomeShares {
  n: number;
  block: number;
  escalate: number;
  pass: number;
}

export function outcomeShares(outcomes: readonly Outcome[]): OutcomeShares {
  const n = outcomes.length;
  const count = (o: Outcome): number => outcomes.filter((x) => x === o).length / Math.max(1, n);
  return { n, block: count("block"), escalate: count("escalate"), pass: count("pass") };
}
