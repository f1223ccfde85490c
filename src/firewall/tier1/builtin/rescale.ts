/**
 * Puts a probability from one calibrated classifier on another's scale, keeping its decisions:
 * piecewise linear through (0, 0), (passBelow, passBelow'), (blockAt, blockAt'), (1, 1). A score
 * blocks, passes or escalates against the target thresholds exactly when it did against its own,
 * so the ensemble, which knows one set of thresholds per source, votes as that classifier would.
 */
import type { BuiltinThresholds } from "./model-file.js";

function between(p: number, fromLow: number, fromHigh: number, toLow: number, toHigh: number): number {
  if (fromHigh <= fromLow) return toHigh;
  return toLow + ((p - fromLow) / (fromHigh - fromLow)) * (toHigh - toLow);
}

/** The largest double below a positive x (x itself for 0). */
function nextDown(x: number): number {
  if (x <= 0) return x;
  const value = new Float64Array([x]);
  const bits = new BigInt64Array(value.buffer);
  bits[0] = (bits[0] ?? 0n) - 1n;
  return value[0] ?? 0;
}

export function rescaleProbability(p: number, from: BuiltinThresholds, to: BuiltinThresholds): number {
  // Not a probability: passed on, so the ensemble reports the detector as failed rather than passing.
  if (Number.isNaN(p)) return p;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  // Clamped into the target's band: floating-point rounding must not move a score across a threshold.
  if (p >= from.blockAt) return Math.min(1, Math.max(between(p, from.blockAt, 1, to.blockAt, 1), to.blockAt));
  if (p < from.passBelow) return Math.max(0, Math.min(between(p, 0, from.passBelow, 0, to.passBelow), nextDown(to.passBelow)));
  const inBand = between(p, from.passBelow, from.blockAt, to.passBelow, to.blockAt);
  return to.blockAt > to.passBelow ? Math.min(Math.max(inBand, to.passBelow), nextDown(to.blockAt)) : to.blockAt;
}
