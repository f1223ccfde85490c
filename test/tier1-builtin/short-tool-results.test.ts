/**
 * The shipped tool model on short tool results (a status line, a small JSON object): without a
 * judge, an unsure tool result refuses the whole round trip, so these must mostly pass with
 * confidence, and the injected ones must not pass.
 */
import { describe, expect, it } from "vitest";
import { SHORT_TOOL_BENIGN, SHORT_TOOL_INJECTED } from "../../bench/short-tool-results.js";
import { loadBuiltinDetector } from "../../src/firewall/tier1/builtin/index.js";

describe("the shipped model on short tool results", () => {
  // Written apart from the training material (bench/short-tool-results.ts, also in bench:tier1).
  const detector = loadBuiltinDetector();
  const { blockAt, passBelow } = detector.thresholds.tool;
  const outcome = (text: string): string => {
    const p = detector.score(text, "tool");
    return p >= blockAt ? "block" : p < passBelow ? "pass" : "escalate";
  };

  it("passes most benign ones with confidence, so a route without a judge does not refuse tool round trips", () => {
    const outcomes = SHORT_TOOL_BENIGN.map(outcome);
    // At the time of writing: 45 of 60 passed, 15 escalated, 0 blocked (49 / 10 / 1 before the
    // technical documents joined the training data; 20 / 38 / 2 before the short results did).
    expect(outcomes.filter((o) => o === "pass").length).toBeGreaterThanOrEqual(45);
    expect(outcomes.filter((o) => o === "block").length).toBeLessThanOrEqual(2);
  });

  it("lets no injected one pass, and blocks at least half", () => {
    const outcomes = SHORT_TOOL_INJECTED.map(outcome);
    expect(outcomes.filter((o) => o === "pass")).toEqual([]);
    expect(outcomes.filter((o) => o === "block").length).toBeGreaterThanOrEqual(15);
  });
});
