/**
 * Cuts a long token sequence into overlapping windows so an injection at the end of a long
 * message is scanned too, not truncated away. The last window always reaches the end.
 */
export function windows(ids: readonly number[], size: number, overlap: number): number[][] {
  if (size < 1) throw new Error("window size must be positive");
  if (overlap < 0 || overlap >= size) throw new Error("overlap must be between 0 and the window size");
  if (ids.length <= size) return [[...ids]];
  const step = size - overlap;
  const out: number[][] = [];
  for (let start = 0; ; start += step) {
    if (start + size >= ids.length) {
      out.push(ids.slice(Math.max(0, ids.length - size)));
      break;
    }
    out.push(ids.slice(start, start + size));
  }
  return out;
}

export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i] as number);
  const exps = Array.from({ length: logits.length }, (_, i) => Math.exp((logits[i] as number) - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}
