import { describe, expect, it } from "vitest";
import { FNV_OFFSET, fnvString } from "../../src/firewall/ml/hash.js";
import { seededRandom } from "../../src/firewall/ml/random.js";
import { isWordCodePoint, maxWordTokens, wordTokenHashes } from "../../src/firewall/ml/word-tokens.js";

const TOKEN = /[\p{L}\p{M}\p{N}_]+/gu;
const WORD_CHAR = /^[\p{L}\p{M}\p{N}_]$/u;
const SEED = FNV_OFFSET ^ 0x2f1a5c3b;

function viaRegex(text: string): number[] {
  return Array.from(text.matchAll(TOKEN), (m) => fnvString(m[0], SEED));
}

function viaLoop(text: string): number[] {
  const out = new Int32Array(maxWordTokens(text));
  return Array.from(out.subarray(0, wordTokenHashes(text, SEED, out)));
}

describe("word tokens", () => {
  it("classifies every code point as the regex does", () => {
    const mismatches: number[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp += cp < 0x10000 ? 1 : 7) {
      if (isWordCodePoint(cp) !== WORD_CHAR.test(String.fromCodePoint(cp))) mismatches.push(cp);
    }
    expect(mismatches).toEqual([]);
  });

  it.each([
    "",
    "hello world",
    "snake_case and __dunder__ 123 4.5",
    "Привет, мир! 中文字 日本語 한국어",
    "marks: e\u0301 \u0915\u093f \u0627\u064b",
    "astral letters 𐌰𐌱 𠀀x 𝐀𝐁 and symbols 😀 👍🏽 between",
    "lone \ud800 high, lone \udc00 low, reversed \udc00\ud800, at end \ud83d",
    "😀😀a😀",
    "\ud83d\ude00\ud83d",
  ])("hashes the tokens the regex finds in %j", (text) => {
    expect(viaLoop(text)).toEqual(viaRegex(text));
  });

  it("agrees with the regex on random text mixing scripts, astral code points and lone surrogates", () => {
    const random = seededRandom(3);
    const pool = [..."ab_ 1.\n", "é", "\u0301", "ж", "中", "😀", "𐌰", "𝐀", "\ud800", "\udc00", "\ud83d", "\ude00", "\u200b"];
    for (let i = 0; i < 2000; i++) {
      let text = "";
      const length = Math.floor(random() * 40);
      for (let j = 0; j < length; j++) text += pool[Math.floor(random() * pool.length)] ?? "";
      expect(viaLoop(text)).toEqual(viaRegex(text));
    }
  });
});
