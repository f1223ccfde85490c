/**
 * Letters from other scripts (and Latin variants that NFKC leaves alone) that look like basic
 * Latin letters. Homoglyph attacks swap a few of these into English words so that n-gram
 * detectors no longer see "ignore" in "іgnоrе". Only look-alikes are listed: mapping letters
 * that merely sound alike would damage genuine Cyrillic or Greek text.
 */

const PAIRS: ReadonlyArray<readonly [string, string]> = [
  // Cyrillic
  ["А", "A"], ["В", "B"], ["Е", "E"], ["К", "K"], ["М", "M"], ["Н", "H"], ["О", "O"], ["Р", "P"],
  ["С", "C"], ["Т", "T"], ["Х", "X"], ["У", "Y"], ["Ѕ", "S"], ["І", "I"], ["Ј", "J"], ["Ԁ", "D"],
  ["Ԛ", "Q"], ["Ԝ", "W"], ["Ү", "Y"], ["Ӏ", "I"],
  ["а", "a"], ["с", "c"], ["е", "e"], ["һ", "h"], ["і", "i"], ["ј", "j"], ["о", "o"], ["р", "p"],
  ["ѕ", "s"], ["у", "y"], ["х", "x"], ["ԁ", "d"], ["ԛ", "q"], ["ԝ", "w"], ["ӏ", "l"], ["ү", "y"],
  ["ѵ", "v"], ["ɡ", "g"], ["ҽ", "e"], ["Ҽ", "E"],
  // Greek
  ["Α", "A"], ["Β", "B"], ["Ε", "E"], ["Ζ", "Z"], ["Η", "H"], ["Ι", "I"], ["Κ", "K"], ["Μ", "M"],
  ["Ν", "N"], ["Ο", "O"], ["Ρ", "P"], ["Τ", "T"], ["Υ", "Y"], ["Χ", "X"],
  ["α", "a"], ["ο", "o"], ["ν", "v"], ["ι", "i"], ["κ", "k"], ["ρ", "p"], ["υ", "u"], ["ϲ", "c"],
  ["ε", "e"], ["τ", "t"], ["χ", "x"], ["ϳ", "j"],
  // NFKC turns the lunate sigma (U+03F2, a "c" look-alike) into the final sigma
  ["ς", "c"],
  // Armenian
  ["օ", "o"], ["ս", "u"], ["հ", "h"], ["ո", "n"], ["ց", "g"], ["զ", "q"],
  // Cherokee capitals
  ["Ꭺ", "A"], ["Ᏼ", "B"], ["Ꮯ", "C"], ["Ꭰ", "D"], ["Ꭼ", "E"], ["Ꮐ", "G"], ["Ꮋ", "H"], ["Ꭻ", "J"],
  ["Ꮶ", "K"], ["Ꮮ", "L"], ["Ꮇ", "M"], ["Ꮲ", "P"], ["Ꮪ", "S"], ["Ꭲ", "T"], ["Ꮩ", "V"], ["Ꮃ", "W"],
  ["Ꮓ", "Z"],
  // Latin variants and small capitals
  ["ı", "i"], ["ȷ", "j"], ["ɑ", "a"], ["ɩ", "i"], ["ʏ", "y"], ["ꞵ", "b"], ["ɢ", "g"], ["ʜ", "h"],
  ["ɪ", "i"], ["ʟ", "l"], ["ɴ", "n"], ["ʀ", "r"], ["ꜱ", "s"], ["ᴀ", "a"], ["ʙ", "b"], ["ᴄ", "c"],
  ["ᴅ", "d"], ["ᴇ", "e"], ["ᴊ", "j"], ["ᴋ", "k"], ["ᴍ", "m"], ["ᴏ", "o"], ["ᴘ", "p"], ["ᴛ", "t"],
  ["ᴜ", "u"], ["ᴠ", "v"], ["ᴡ", "w"], ["ᴢ", "z"], ["ƙ", "k"], ["ɵ", "o"], ["ø", "o"], ["đ", "d"],
  ["ħ", "h"], ["ł", "l"], ["ŧ", "t"], ["ƀ", "b"],
];

export const CONFUSABLES: ReadonlyMap<string, string> = new Map(PAIRS);

const LATIN_SCRIPT = /\p{Script=Latin}/u;

/** True when the character is a confusable whose own script is not Latin (Cyrillic, Greek...). */
export function isForeignConfusable(ch: string): boolean {
  return CONFUSABLES.has(ch) && !LATIN_SCRIPT.test(ch);
}

/** Regional indicator symbols (U+1F1E6..U+1F1FF) spell letters outside flag pairs. */
export function regionalIndicatorLetter(cp: number): string | undefined {
  return cp >= 0x1f1e6 && cp <= 0x1f1ff ? String.fromCharCode(0x61 + cp - 0x1f1e6) : undefined;
}
