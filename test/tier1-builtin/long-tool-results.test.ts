/**
 * The shipped tool model on longer benign tool results (code, READMEs, how-tos, logs, API JSON,
 * an FAQ in Spanish), written by a reviewer apart from training: a block is a refusal no judge
 * gets to overturn, so none may be blocked. And the generated technical documents it was trained
 * on are what it is: deterministic, varied, and paired with an injected copy each.
 */
import { describe, expect, it } from "vitest";
import { LONG_TOOL_BENIGN } from "../../bench/long-tool-results.js";
import { seededRandom } from "../../src/firewall/ml/random.js";
import { loadBuiltinDetector } from "../../src/firewall/tier1/builtin/index.js";
import { technicalDocuments } from "../../src/firewall/tier1/builtin/training/synthetic-technical-documents.js";

describe("the shipped model on longer benign tool results", () => {
  const detector = loadBuiltinDetector();
  const { blockAt, passBelow } = detector.thresholds.tool;

  it("blocks none of them", () => {
    const blocked = LONG_TOOL_BENIGN.filter(([, text]) => detector.score(text, "tool") >= blockAt).map(([name]) => name);
    // Before the technical documents joined the training data: JavaScript code, a password-reset
    // how-to, a Spanish FAQ and a README with install steps.
    expect(blocked).toEqual([]);
  });

  it("still passes the plain data ones with confidence", () => {
    const passed = LONG_TOOL_BENIGN.filter(([, text]) => detector.score(text, "tool") < passBelow).length;
    // At the time of writing 9 of 32 (balances, transactions, weather, CSV, logs, a fee table).
    expect(passed).toBeGreaterThanOrEqual(8);
  });
});

describe("technicalDocuments (training data)", () => {
  it("is deterministic, distinct, and pairs each benign document with an injected copy", () => {
    const a = technicalDocuments(300, seededRandom(3));
    const b = technicalDocuments(300, seededRandom(3));
    expect(a).toEqual(b);
    expect(a.benign).toHaveLength(300);
    expect(a.injected).toHaveLength(300);
    expect(new Set(a.benign).size).toBeGreaterThan(290);
    a.benign.forEach((text, i) => {
      expect(text.length).toBeGreaterThanOrEqual(200);
      expect(a.injected[i]).not.toBe(text);
      expect((a.injected[i] ?? "").length).toBeGreaterThan(text.length);
    });
  });

  it("is scored by the shipped model as it was taught: injected copies above their benign originals", () => {
    const { benign, injected } = technicalDocuments(200, seededRandom(99));
    const higher = benign.filter((text, i) => detector().score(injected[i] ?? "", "tool") > detector().score(text, "tool")).length;
    expect(higher / benign.length).toBeGreaterThan(0.9);
  });
});

let cached: ReturnType<typeof loadBuiltinDetector> | undefined;
function detector(): ReturnType<typeof loadBuiltinDetector> {
  cached ??= loadBuiltinDetector();
  return cached;
}
