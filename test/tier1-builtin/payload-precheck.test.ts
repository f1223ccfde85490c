import { describe, expect, it } from "vitest";
import { mayHoldPayload } from "../../src/firewall/ml/payload-precheck.js";
import { seededRandom } from "../../src/firewall/ml/random.js";

const REGEX = /[A-Za-z0-9+/_%-]{16,}|(?:[0-9A-Fa-f]{2}[ :]){8}/;

describe("mayHoldPayload", () => {
  it.each([
    "",
    "plain prose with ordinary words only",
    "Internationalization",
    "abcdefghijklmno",
    "abcdefghijklmnop",
    "SWdub3JlIGFsbA==",
    "e3b0c44298fc1c14",
    "49 67 6e 6f 72 65 20 61",
    "49 67 6e 6f 72 65 20 ",
    "49:67:6e:6f:72:65:20:61:",
    "49 67 6e 6f 72 65 206 1 ",
    "aa aa aa aa aa aa aa aa ",
    "aa aa aa aa aa aa aaa aa ",
    "x4 67 6e 6f 72 65 20 61 62 ",
    "Ignore%20all%20previous",
    "é".repeat(20),
    "ab-cd_ef/gh+ij%kl",
  ])("answers %j as the regex does", (text) => {
    expect(mayHoldPayload(text)).toBe(REGEX.test(text));
  });

  it("agrees with the regex on random text", () => {
    const random = seededRandom(11);
    const chars = [..."aZ09f+/_%- :.\n", "é", "\u0100", "\u0130"];
    // Pieces that make long runs and hex groups likely enough to be exercised.
    const hexish = ["af ", "09:", "0F ", "af ", "09:", "0F ", "a", "f", "::", "\u0130"];
    const runs = ["zz", "a", "0f", "-", "%2", "/+", "_", " ", ".", "é"];
    let positives = 0;
    for (let i = 0; i < 20000; i++) {
      let text = "";
      const length = Math.floor(random() * 40);
      const pick = random();
      const pool = pick < 0.4 ? hexish : pick < 0.8 ? runs : chars;
      for (let j = 0; j < length; j++) text += pool[Math.floor(random() * pool.length)] ?? "";
      const expected = REGEX.test(text);
      if (expected) positives++;
      if (mayHoldPayload(text) !== expected) expect.fail(`differs on ${JSON.stringify(text)}`);
    }
    expect(positives).toBeGreaterThan(1000);
  });
});
