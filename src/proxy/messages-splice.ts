/**
 * Replaces one member of a JSON object text and leaves every other byte as the client wrote it.
 * Forwarding a sanitized request by re-serializing the whole parsed body would rewrite the rest
 * too: JSON numbers become doubles (a `seed` of 2^63-1 or a schema's `maximum` would reach the
 * upstream rounded) and spellings change (`1.0` becomes `1`).
 */
import { closingQuote } from "./json-depth.js";

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** The index of the first character at or after `i` that is not JSON whitespace. */
function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The index just after the JSON value that starts at `start` (a string, container or literal), or -1. */
function valueEnd(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === 0x22) {
    const close = closingQuote(text, start);
    return close === -1 ? -1 : close + 1;
  }
  if (first === 0x5b || first === 0x7b) {
    let depth = 0;
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i = closingQuote(text, i);
        if (i === -1) return -1;
      } else if (c === 0x5b || c === 0x7b) {
        depth++;
      } else if (c === 0x5d || c === 0x7d) {
        if (--depth === 0) return i + 1;
      }
    }
    return -1;
  }
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x2c || c === 0x7d || c === 0x5d || isSpace(c)) break;
    i++;
  }
  return i > start ? i : -1;
}

function keyName(raw: string): string | undefined {
  if (!raw.includes("\\")) return raw.slice(1, -1);
  try {
    return JSON.parse(raw) as string;
  } catch {
    return undefined;
  }
}

/**
 * `text` with the value of its top-level member `name` replaced by `replacement` (JSON text), or
 * undefined when the text is not an object holding that member exactly once (a duplicate key is
 * read differently by different parsers: the caller then re-serializes what it parsed).
 */
export function replaceTopLevelMember(text: string, name: string, replacement: string): string | undefined {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== 0x7b) return undefined;
  i++;
  let found: { start: number; end: number } | undefined;
  for (;;) {
    i = skipSpace(text, i);
    const c = text.charCodeAt(i);
    if (c === 0x7d) break; // end of the object
    if (c === 0x2c) {
      i++;
      continue;
    }
    if (c !== 0x22) return undefined;
    const keyClose = closingQuote(text, i);
    if (keyClose === -1) return undefined;
    const key = keyName(text.slice(i, keyClose + 1));
    i = skipSpace(text, keyClose + 1);
    if (text.charCodeAt(i) !== 0x3a) return undefined;
    i = skipSpace(text, i + 1);
    const end = valueEnd(text, i);
    if (end === -1) return undefined;
    if (key === name) {
      if (found) return undefined;
      found = { start: i, end };
    }
    i = end;
  }
  if (!found) return undefined;
  return `${text.slice(0, found.start)}${replacement}${text.slice(found.end)}`;
}
