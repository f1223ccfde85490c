/**
 * Chooses the two thresholds of a three-outcome detector on validation data, per group:
 * blockAt is the lowest probability at which benign groups are rarely blocked, passBelow the
 * highest at which attack groups are rarely passed. Between them lies escalation, the price paid
 * for few false blocks and few misses. Groups are weighed equally (a 3,000-row source and a
 * 100-row source count the same), and groups too small to measure a rate (one example in ten is
 * already 10%) are pooled into one.
 */

export interface Scored {
  p: number;
  label: 0 | 1;
  group: string;
}

export interface ThresholdTargets {
  /** Mean over benign groups of the falsely-blocked share. */
  meanFalseBlock: number;
  /** Largest falsely-blocked share allowed in any benign group with at least minGroup items. */
  maxFalseBlock: number;
  /** Mean over attack groups of the missed (passed) share. */
  meanMiss: number;
  /** Largest missed share allowed in any attack group with at least minGroup items. */
  maxMiss: number;
  /**
   * Escalation budget: passBelow goes lower than the miss targets need (fewer misses) as long as
   * the mean share of benign rows not passed stays within this.
   */
  meanEscalation: number;
  minGroup: number;
}

export const DEFAULT_TARGETS: ThresholdTargets = {
  meanFalseBlock: 0.004,
  maxFalseBlock: 0.012,
  meanMiss: 0.02,
  maxMiss: 0.05,
  meanEscalation: 0.1,
  minGroup: 30,
};

/** Scores per group; groups smaller than minGroup are pooled into one. */
function byGroup(items: readonly Scored[], label: 0 | 1, minGroup: number): number[][] {
  const groups = new Map<string, number[]>();
  for (const it of items) {
    if (it.label !== label) continue;
    const list = groups.get(it.group);
    if (list) list.push(it.p);
    else groups.set(it.group, [it.p]);
  }
  const out: number[][] = [];
  const small: number[] = [];
  for (const ps of groups.values()) {
    if (ps.length >= minGroup) out.push(ps);
    else small.push(...ps);
  }
  if (small.length > 0) out.push(small);
  return out;
}

const share = (ps: readonly number[], test: (p: number) => boolean): number => ps.filter(test).length / Math.max(1, ps.length);

function candidates(items: readonly Scored[]): number[] {
  const grid = new Set<number>();
  for (let i = 1; i < 1000; i++) grid.add(i / 1000);
  for (const it of items) grid.add(Math.min(0.999, Math.max(0.001, it.p)));
  return [...grid].sort((a, b) => a - b);
}

export interface ChosenThresholds {
  blockAt: number;
  passBelow: number;
  /** False when no threshold met the targets and the closest one was taken. */
  metTargets: { block: boolean; pass: boolean };
}

export function chooseThresholds(items: readonly Scored[], targets: ThresholdTargets = DEFAULT_TARGETS): ChosenThresholds {
  const benign = byGroup(items, 0, targets.minGroup);
  const attacks = byGroup(items, 1, targets.minGroup);
  const grid = candidates(items);
  const blockOk = (t: number): boolean => {
    const rates = benign.map((ps) => share(ps, (p) => p >= t));
    const mean = rates.reduce((s, r) => s + r, 0) / Math.max(1, rates.length);
    const worst = Math.max(0, ...rates);
    return mean <= targets.meanFalseBlock && worst <= targets.maxFalseBlock;
  };
  const passOk = (t: number): boolean => {
    const rates = attacks.map((ps) => share(ps, (p) => p < t));
    const mean = rates.reduce((s, r) => s + r, 0) / Math.max(1, rates.length);
    const worst = Math.max(0, ...rates);
    return mean <= targets.meanMiss && worst <= targets.maxMiss;
  };
  const withinBudget = (t: number): boolean => {
    const rates = benign.map((ps) => share(ps, (p) => p >= t));
    return rates.reduce((s, r) => s + r, 0) / Math.max(1, rates.length) <= targets.meanEscalation;
  };
  const blockAt = grid.find(blockOk);
  const limit = blockAt ?? 0.999;
  const passing = grid.filter((t) => t <= limit && passOk(t));
  const missBound = passing.length > 0 ? (passing[passing.length - 1] ?? 0.001) : 0.001;
  const budgetBound = grid.find(withinBudget) ?? limit;
  const passBelow = Math.min(missBound, budgetBound, limit);
  return { blockAt: blockAt ?? 0.999, passBelow, metTargets: { block: blockAt !== undefined, pass: passing.length > 0 } };
}
