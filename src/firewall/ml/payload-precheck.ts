/**
 * Whether a text can hold an encoded payload at all: a run of 16 or more base64/percent/URL-safe
 * characters, or eight hex pairs each followed by a space or colon. The same answer as
 * /[A-Za-z0-9+/_%-]{16,}|(?:[0-9A-Fa-f]{2}[ :]){8}/.test(text) in one pass over the char codes:
 * the regex restarts at every letter of every word and was the payload decoder's main cost on
 * ordinary prose, which has no such run.
 */

const MIN_RUN = 16;
const HEX_GROUPS = 8;

// Per ASCII code: 1 = [A-Za-z0-9+/_%-], plus 2 = [0-9A-Fa-f], plus 4 = a hex separator ' ' or ':'.
const CLASS = Uint8Array.from({ length: 128 }, (_, c) => {
  const ch = String.fromCharCode(c);
  return (/[A-Za-z0-9+/_%-]/.test(ch) ? 1 : 0) | (/[0-9A-Fa-f]/.test(ch) ? 2 : 0) | (ch === " " || ch === ":" ? 4 : 0);
});

export function mayHoldPayload(text: string): boolean {
  let run = 0;
  // Hex groups ("hh" then a separator) end at least three characters apart, so consecutive
  // groups are those whose ends are exactly three apart.
  let groups = 0;
  let lastGroupEnd = -4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const cls = c < 128 ? (CLASS[c] ?? 0) : 0;
    if (cls & 1) {
      if (++run >= MIN_RUN) return true;
    } else {
      run = 0;
    }
    if (cls & 4 && i >= 2 && (CLASS[text.charCodeAt(i - 1)] ?? 0) & 2 && (CLASS[text.charCodeAt(i - 2)] ?? 0) & 2) {
      groups = lastGroupEnd === i - 3 ? groups + 1 : 1;
      lastGroupEnd = i;
      if (groups >= HEX_GROUPS) return true;
    }
  }
  return false;
}
