/**
 * Splitting a string on a pattern with one of the delimiter behaviours of the `tokenizers`
 * library (Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous). Empty pieces are
 * dropped, as the library drops them.
 */
import { z } from "zod";

export const behaviorSchema = z.enum(["Removed", "Isolated", "MergedWithPrevious", "MergedWithNext", "Contiguous"]);
export type SplitBehavior = z.output<typeof behaviorSchema>;

/** A run of the input: [start, end) in UTF-16 units, and whether the pattern matched it. */
export type Segment = [start: number, end: number, isMatch: boolean];

/** Segments covering the text: each character the predicate accepts is its own match. */
export function charSegments(text: string, predicate: (c: string) => boolean): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  let i = 0;
  for (const c of text) {
    if (predicate(c)) {
      if (last < i) segments.push([last, i, false]);
      segments.push([i, i + c.length, true]);
      last = i + c.length;
    }
    i += c.length;
  }
  if (last < text.length) segments.push([last, text.length, false]);
  return segments;
}

/** Segments covering the text: each (non-empty) regex match is a match. */
export function regexSegments(text: string, regex: RegExp): Segment[] {
  if (text.length === 0) return [[0, 0, false]];
  const segments: Segment[] = [];
  let prev = 0;
  for (const m of text.matchAll(regex)) {
    if (m[0].length === 0) continue;
    const start = m.index;
    if (prev !== start) segments.push([prev, start, false]);
    segments.push([start, start + m[0].length, true]);
    prev = start + m[0].length;
  }
  if (prev !== text.length) segments.push([prev, text.length, false]);
  return segments;
}

export function invert(segments: Segment[]): Segment[] {
  return segments.map(([s, e, m]) => [s, e, !m]);
}

/** The [start, end) ranges kept after applying the behaviour. */
export function applyBehavior(segments: Segment[], behavior: SplitBehavior): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  switch (behavior) {
    case "Removed":
      for (const [s, e, m] of segments) if (!m) out.push([s, e]);
      break;
    case "Isolated":
      for (const [s, e] of segments) out.push([s, e]);
      break;
    case "Contiguous": {
      let previous = false;
      for (const [s, e, m] of segments) {
        const last = out[out.length - 1];
        if (m === previous && last) last[1] = e;
        else out.push([s, e]);
        previous = m;
      }
      break;
    }
    case "MergedWithPrevious": {
      let previous = false;
      for (const [s, e, m] of segments) {
        const last = out[out.length - 1];
        if (m && !previous && last) last[1] = e;
        else out.push([s, e]);
        previous = m;
      }
      break;
    }
    case "MergedWithNext": {
      let previous = false;
      for (let i = segments.length - 1; i >= 0; i--) {
        const [s, e, m] = segments[i] as Segment;
        const last = out[out.length - 1];
        if (m && !previous && last) last[0] = s;
        else out.push([s, e]);
        previous = m;
      }
      out.reverse();
      break;
    }
  }
  return out.filter(([s, e]) => e > s);
}
