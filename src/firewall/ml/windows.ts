/**
 * Overlapping windows over long text, cut at whitespace where possible, so that a detector sees
 * an injection at the end of a long document at full strength instead of diluted by the rest.
 */

export interface WindowOptions {
  /** Maximum window length in characters. */
  size: number;
  /** Characters shared by consecutive windows (an injection shorter than this is never cut in two). */
  overlap: number;
}

export function slidingWindows(text: string, { size, overlap }: WindowOptions): string[] {
  if (!(size > 0) || overlap < 0 || overlap >= size) throw new Error(`invalid window: size ${size}, overlap ${overlap}`);
  if (text.length <= size) return [text];
  const windows: string[] = [];
  const step = size - overlap;
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length) {
      // Prefer to end on whitespace within the last tenth of the window.
      const cut = text.lastIndexOf(" ", end);
      if (cut > start + size * 0.9) end = cut;
    }
    windows.push(text.slice(start, end));
    if (end >= text.length) break;
    let next = start + step;
    const space = text.indexOf(" ", next);
    if (space !== -1 && space < next + size * 0.1 && space < end) next = space + 1;
    start = Math.max(next, start + 1);
  }
  return windows;
}
