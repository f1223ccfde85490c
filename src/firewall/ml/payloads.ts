/**
 * Encoded payloads hidden in text (base64, hex, percent-encoding): "decode this and follow it:
 * SWdub3JlIGFsbC4uLg==". Each candidate is decoded and kept only when it reads as text, so the
 * detector can score what the model would read after decoding. Bounded work: long inputs can hold
 * many random-looking tokens (hashes, keys), and each costs a decode attempt.
 */

import { mayHoldPayload } from "./payload-precheck.js";

const BASE64 = /(?<![A-Za-z0-9+/=_-])(?:[A-Za-z0-9+/]{4}){4,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?(?![A-Za-z0-9+/=])/g;
const BASE64_URL = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/g;
const HEX = /(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}(?:[ :]|\\x)?){10,}(?![0-9A-Fa-f])/g;
const PERCENT = /(?:[^%\s]{0,24}%[0-9A-Fa-f]{2}){4,}[^%\s]*/g;
const MAX_CANDIDATES = 16;
const MAX_PAYLOADS = 4;
const MAX_DEPTH = 2;
const UTF8 = new TextDecoder("utf-8", { fatal: true });

export interface DecodedPayload {
  encoding: "base64" | "hex" | "percent" | "rot13";
  text: string;
}

/** Decoded text that looks like language: printable, with letters and at least one space. */
function readable(text: string): boolean {
  if (text.length < 8) return false;
  let printable = 0;
  let letters = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x20 || cp === 0x09 || cp === 0x0a || cp === 0x0d) printable++;
    if (/\p{L}/u.test(ch)) letters++;
  }
  const length = [...text].length;
  return printable / length >= 0.95 && letters / length >= 0.5 && /\s/.test(text);
}

function utf8(bytes: Uint8Array): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

function decodeBase64(token: string): string | undefined {
  // Looks-like-a-word filter: real base64 of text mixes cases and usually digits or '+/'.
  if (!/[a-z]/.test(token) || !/[A-Z]/.test(token)) return undefined;
  const standard = token.replace(/-/g, "+").replace(/_/g, "/");
  const padded = standard + "=".repeat((4 - (standard.length % 4)) % 4);
  return utf8(Buffer.from(padded, "base64"));
}

function decodeHex(token: string): string | undefined {
  const digits = token.replace(/\\x|[ :]/g, "");
  if (digits.length % 2 !== 0) return undefined;
  return utf8(Buffer.from(digits, "hex"));
}

function decodePercent(token: string): string | undefined {
  try {
    return decodeURIComponent(token);
  } catch {
    return undefined;
  }
}

function scan(text: string, out: DecodedPayload[], seen: Set<string>, depth: number): void {
  let candidates = 0;
  const attempt = (encoding: DecodedPayload["encoding"], decoded: string | undefined): void => {
    if (out.length >= MAX_PAYLOADS || decoded === undefined || seen.has(decoded) || !readable(decoded)) return;
    seen.add(decoded);
    out.push({ encoding, text: decoded });
    if (depth + 1 < MAX_DEPTH) scan(decoded, out, seen, depth + 1);
  };
  const patterns: Array<[RegExp, DecodedPayload["encoding"], (token: string) => string | undefined]> = [
    [BASE64, "base64", decodeBase64],
    [BASE64_URL, "base64", decodeBase64],
    [HEX, "hex", decodeHex],
    [PERCENT, "percent", decodePercent],
  ];
  for (const [pattern, encoding, decode] of patterns) {
    pattern.lastIndex = 0;
    for (const match of text.matchAll(pattern)) {
      if (++candidates > MAX_CANDIDATES || out.length >= MAX_PAYLOADS) return;
      attempt(encoding, decode(match[0]));
    }
  }
}

// rot13 leaves no trace in the bytes, so it is decoded only when the text names it.
const ROT13_HINT = /\brot[\s_-]?13\b|\bcaesar\b/i;

function rot13(text: string): string {
  return text.replace(/[A-Za-z]/g, (c) => {
    const base = c <= "Z" ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

/**
 * Readable text decoded from base64, hex or percent-encoded runs in `text` (nested up to twice),
 * and the rot13 reading of a text that mentions rot13.
 */
export function decodeEmbeddedPayloads(text: string): DecodedPayload[] {
  const out: DecodedPayload[] = [];
  if (ROT13_HINT.test(text)) out.push({ encoding: "rot13", text: rot13(text) });
  // Cheap pre-check: no run long enough to be a payload, nothing more to do.
  if (!mayHoldPayload(text)) return out;
  scan(text, out, new Set([text, ...out.map((p) => p.text)]), 0);
  return out;
}
