/**
 * Platt scaling: maps a model's raw log-odds to a calibrated probability, p = σ(a·z + b), fitted on
 * held-out data so that "0.9" means about nine in ten such inputs really are attacks there.
 */
import { z } from "zod";
import { sigmoid } from "./logistic.js";

export const plattSchema = z.object({ a: z.number().finite(), b: z.number().finite() }).strict();
export type Platt = z.output<typeof plattSchema>;

export function applyPlatt(platt: Platt, logit: number): number {
  return sigmoid(platt.a * logit + platt.b);
}

/**
 * Fits a and b by Newton's method on the log-loss, with Platt's smoothed targets (which keep a
 * perfectly separated set from pushing a to infinity). Optional weights balance the classes.
 */
export function fitPlatt(logits: ArrayLike<number>, labels: ArrayLike<number>, weights?: ArrayLike<number>): Platt {
  const n = logits.length;
  if (n !== labels.length) throw new Error(`${n} logits but ${labels.length} labels`);
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? (weights[i] ?? 1) : 1;
    if (labels[i] === 1) positives += w;
    else negatives += w;
  }
  if (positives === 0 || negatives === 0) throw new Error("Platt scaling needs both classes");
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    let g0 = 0;
    let g1 = 0;
    let h00 = 1e-9;
    let h01 = 0;
    let h11 = 1e-9;
    for (let i = 0; i < n; i++) {
      const z = logits[i] ?? 0;
      const w = weights ? (weights[i] ?? 1) : 1;
      const t = labels[i] === 1 ? hi : lo;
      const p = sigmoid(a * z + b);
      const d = (p - t) * w;
      const s = p * (1 - p) * w;
      g0 += d * z;
      g1 += d;
      h00 += s * z * z;
      h01 += s * z;
      h11 += s;
    }
    const det = h00 * h11 - h01 * h01;
    if (Math.abs(det) < 1e-18) break;
    const da = (h11 * g0 - h01 * g1) / det;
    const db = (h00 * g1 - h01 * g0) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-9 && Math.abs(db) < 1e-9) break;
  }
  return { a, b };
}
