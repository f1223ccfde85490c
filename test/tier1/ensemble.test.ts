import { describe, expect, it } from "vitest";
import { runEnsemble, type DetectorReport } from "../../src/firewall/tier1/ensemble.js";
import type { ScanInput } from "../../src/firewall/tier1/detector.js";
import { fake } from "./helpers/fake-detector.js";

const prompt: ScanInput = { text: "hello", source: "prompt", label: "prompt" };
const tool: ScanInput = { text: "a web page", source: "tool", label: "tool message 1 (browse)" };
const context = { transcript: "user: hello" };

function report(reports: DetectorReport[], name: string): DetectorReport {
  const found = reports.find((r) => r.name === name);
  if (!found) throw new Error(`no report for ${name}`);
  return found;
}

describe("what a block vote names", () => {
  it.each([true, false])("the text that crossed its own block_at, not the highest score (synchronous: %s)", async (synchronous) => {
    // The prompt's 0.97 is unsure against its 0.985; the tool message's 0.96 blocks against 0.95.
    const detector = fake({
      name: "per-source",
      synchronous,
      behaviour: (input) => (input.source === "prompt" ? 0.97 : 0.96),
      thresholds: { prompt: { blockAt: 0.985, passBelow: 0.3 }, tool: { blockAt: 0.95, passBelow: 0.07 } },
    });
    const result = await runEnsemble([detector], [prompt, tool], context, { consensus: 1 });
    expect(result.decision).toBe("block");
    expect(report(result.reports, "per-source")).toMatchObject({ vote: "block", input: "tool message 1 (browse)", score: 0.96, thresholds: { blockAt: 0.95 } });
  });
});

describe("consensus and early exit", () => {
  it("blocks on the first block vote when k=1 and aborts the slow detector", async () => {
    const quick = fake({ name: "quick", behaviour: 0.95 });
    const slow = fake({ name: "slow", behaviour: "hang" });
    const result = await runEnsemble([slow, quick], [prompt], context, { consensus: 1 });
    expect(result.decision).toBe("block");
    expect(result.decidedEarly).toBe(true);
    expect(slow.calls[0]?.signal.aborted).toBe(true);
    expect(report(result.reports, "slow")).toMatchObject({ status: "cancelled", started: true, aborted: true });
    expect(report(result.reports, "quick")).toMatchObject({ status: "scored", vote: "block", score: 0.95 });
  });

  it("waits for k block votes, then cancels the rest", async () => {
    const a = fake({ name: "a", behaviour: 0.9 });
    const b = fake({ name: "b", behaviour: 0.85 });
    const c = fake({ name: "c", behaviour: "hang" });
    const result = await runEnsemble([a, c, b], [prompt], context, { consensus: 2 });
    expect(result.decision).toBe("block");
    expect(result.votes).toMatchObject({ block: 2, cancelled: 1 });
    expect(c.calls[0]?.signal.aborted).toBe(true);
    expect(result.attackProbability).toBe(0.85);
  });

  it("does not block on one vote when consensus is 2", async () => {
    const a = fake({ name: "a", behaviour: 0.9 });
    const b = fake({ name: "b", behaviour: 0.1 });
    const result = await runEnsemble([a, b], [prompt], context, { consensus: 2 });
    expect(result.decision).toBe("escalate");
    expect(result.attackProbability).toBe(0.1);
  });

  it("escalates as soon as k block votes are out of reach and a vote rules out a confident pass", async () => {
    const unsure = fake({ name: "unsure", behaviour: 0.5 });
    const slow = fake({ name: "slow", behaviour: "hang" });
    const result = await runEnsemble([unsure, slow], [prompt], context, { consensus: 2 });
    expect(result.decision).toBe("escalate");
    expect(result.decidedEarly).toBe(true);
    expect(slow.calls[0]?.signal.aborted).toBe(true);
  });

  it("keeps waiting while a confident pass is still possible", async () => {
    const benign = fake({ name: "benign", behaviour: 0.01 });
    const later = fake({ name: "later", behaviour: 0.02 });
    const result = await runEnsemble([benign, later], [prompt], context, { consensus: 2 });
    expect(result.decision).toBe("pass");
    expect(result.decidedEarly).toBe(false);
    expect(later.calls[0]?.signal.aborted).toBe(false);
  });

  it("passes only when every detector is below pass_below", async () => {
    const result = await runEnsemble([fake({ name: "a", behaviour: 0.01 }), fake({ name: "b", behaviour: 0.3 })], [prompt], context, { consensus: 1 });
    expect(result.decision).toBe("escalate");
  });

  it("runs synchronous detectors first and never starts the others when they decide", async () => {
    const builtin = fake({ name: "builtin", behaviour: 0.99, synchronous: true });
    const api = fake({ name: "api", behaviour: 0.99 });
    const result = await runEnsemble([api, builtin], [prompt], context, { consensus: 1 });
    expect(result.decision).toBe("block");
    expect(api.calls).toHaveLength(0);
    expect(report(result.reports, "api")).toMatchObject({ status: "cancelled", started: false, aborted: false });
  });

  it("stops a detector's other inputs once one of them decides its block vote", async () => {
    const inputs: ScanInput[] = [prompt, tool, { ...tool, label: "tool message 2" }];
    // The tool messages never finish: only the detector's own early stop lets it vote.
    const detector = fake({ name: "d", behaviour: (input) => (input.label === "prompt" ? 0.97 : Number.NaN) });
    const hangingTools = fake({ name: "d", behaviour: "hang" });
    const split = {
      ...detector,
      score: (input: ScanInput, ctx: typeof context, signal: AbortSignal) =>
        input.label === "prompt" ? detector.score(input, ctx, signal) : hangingTools.score(input, ctx, signal),
    };
    const other = fake({ name: "other", behaviour: 0.1 });
    const result = await runEnsemble([split, other], inputs, context, { consensus: 2 });
    expect(result.decision).toBe("escalate");
    expect(report(result.reports, "d")).toMatchObject({ vote: "block", input: "prompt", score: 0.97 });
    expect(hangingTools.calls).toHaveLength(2);
    expect(hangingTools.calls.every((c) => c.signal.aborted)).toBe(true);
  });

  it("aborts every detector when the caller aborts", async () => {
    const controller = new AbortController();
    const slow = fake({ name: "slow", behaviour: "hang" });
    const pending = runEnsemble([slow], [prompt], context, { consensus: 1, signal: controller.signal });
    await new Promise((r) => setImmediate(r));
    controller.abort(new Error("client went away"));
    const result = await pending;
    expect(result.decision).toBe("failed");
    expect(result.reason).toMatch(/client went away/);
    expect(slow.calls[0]?.signal.aborted).toBe(true);
  });
});

describe("inputs and thresholds", () => {
  it("scores tool content with the tool thresholds", async () => {
    const thresholds = { prompt: { blockAt: 0.9, passBelow: 0.2 }, tool: { blockAt: 0.99, passBelow: 0.5 } };
    const onTool = await runEnsemble([fake({ name: "d", behaviour: 0.95, thresholds })], [tool], context, { consensus: 1 });
    expect(onTool.decision).toBe("escalate");
    const onPrompt = await runEnsemble([fake({ name: "d", behaviour: 0.95, thresholds })], [prompt], context, { consensus: 1 });
    expect(onPrompt.decision).toBe("block");
    const benignTool = await runEnsemble([fake({ name: "d", behaviour: 0.4, thresholds })], [tool], context, { consensus: 1 });
    expect(benignTool.decision).toBe("pass");
  });

  it("gives a detector only the sources it scans", async () => {
    const promptOnly = fake({ name: "p", behaviour: 0.01, scan: ["prompt"] });
    const all = fake({ name: "all", behaviour: 0.01 });
    const result = await runEnsemble([promptOnly, all], [prompt, tool], context, { consensus: 1 });
    expect(promptOnly.calls.map((c) => c.input.label)).toEqual(["prompt"]);
    expect(all.calls.map((c) => c.input.label)).toEqual(["prompt", "tool message 1 (browse)"]);
    expect(result.decision).toBe("pass");
    expect(report(result.reports, "all").scores).toEqual({ prompt: 0.01, "tool message 1 (browse)": 0.01 });
  });

  it("marks a detector with nothing to scan not applicable, and escalates when none applies", async () => {
    const result = await runEnsemble([fake({ name: "p", behaviour: 0.99, scan: ["prompt"] })], [tool], context, { consensus: 1 });
    expect(result.reports[0]?.status).toBe("not_applicable");
    expect(result.decision).toBe("escalate");
    expect(result.reason).toMatch(/no detector scans/);
  });

  it("hands the transcript to detectors", async () => {
    const d = fake({ name: "d", behaviour: 0.01 });
    await runEnsemble([d], [prompt], context, { consensus: 1 });
    expect(d.calls[0]?.context.transcript).toBe("user: hello");
  });
});

describe("failures never count as a score", () => {
  it("fails when errors leave fewer than k working detectors", async () => {
    const result = await runEnsemble([fake({ name: "broken", behaviour: { throws: "connection refused" } })], [prompt], context, { consensus: 1 });
    expect(result.decision).toBe("failed");
    expect(result.reason).toMatch(/0 of 1 detector\(s\) working.*broken: prompt: connection refused/);
    expect(result.reports[0]).toMatchObject({ status: "failed" });
    expect(result.reports[0]?.score).toBeUndefined();
  });

  it("fails on a timeout and reports it as such", async () => {
    const slow = fake({ name: "slow", behaviour: "hang", timeoutMs: 20 });
    const ok = fake({ name: "ok", behaviour: 0.9 });
    const result = await runEnsemble([slow, ok], [prompt], context, { consensus: 2 });
    expect(result.decision).toBe("failed");
    expect(report(result.reports, "slow")).toMatchObject({ status: "timeout", error: "timed out after 20 ms", aborted: true });
    expect(slow.calls[0]?.signal.aborted).toBe(true);
  });

  it("escalates instead of passing when a detector failed but consensus is still reachable", async () => {
    const result = await runEnsemble(
      [fake({ name: "broken", behaviour: { throws: "HTTP 500" } }), fake({ name: "ok", behaviour: 0.01 })],
      [prompt],
      context,
      { consensus: 1 },
    );
    expect(result.decision).toBe("escalate");
    expect(result.votes).toMatchObject({ failed: 1, pass: 1 });
  });

  it("still blocks when the working detectors reach consensus", async () => {
    const result = await runEnsemble(
      [fake({ name: "broken", behaviour: { throws: "HTTP 500" } }), fake({ name: "ok", behaviour: 0.99 })],
      [prompt],
      context,
      { consensus: 1 },
    );
    expect(result.decision).toBe("block");
  });

  it.each([Number.NaN, 1.5, -0.1, "0.3", undefined])("rejects a score of %s", async (value) => {
    const result = await runEnsemble([fake({ name: "odd", behaviour: { returns: value } })], [prompt], context, { consensus: 1 });
    expect(result.decision).toBe("failed");
    expect(result.reports[0]?.error).toMatch(/not a probability/);
  });

  it("reports a synchronous throw as a failure", async () => {
    const result = await runEnsemble([fake({ name: "sync", behaviour: { throws: "bad weights" }, synchronous: true })], [prompt], context, { consensus: 1 });
    expect(result.decision).toBe("failed");
    expect(result.reports[0]?.error).toBe("prompt: bad weights");
  });
});
