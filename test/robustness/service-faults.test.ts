/**
 * The real Tier 1 HTTP detector and Tier 3 judge, pointed at misbehaving services on 127.0.0.1:
 * 5xx, answers that are not JSON or have the wrong shape, hangs, refused connections, malformed
 * judge replies, and all of it under load. The route's fail policy holds and every failure is
 * counted; no request hangs or gets a 5xx from Moat.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeUpstream, type FakeUpstream } from "../helpers/fake-upstream.js";
import { BANKING_AGENT, startTestMoat, waitFor, type TestMoat } from "../helpers/moat.js";
import { closedPort } from "./support/fault-servers.js";
import { startFakeDetector, startFakeJudge, type FakeService } from "./support/fake-services.js";
import { counter, METRICS_TOKEN } from "./support/metrics.js";

// Generous enough that a healthy call never times out on a loaded 2-core machine (150 at once below).
const DETECTOR_TIMEOUT_MS = 1000;
const JUDGE_TIMEOUT_S = 2;
const HANG_BOUND_MS = 15_000;

let upstream: FakeUpstream;
let detector: FakeService;
let judge: FakeService;
let moat: TestMoat;
let deadDetectorPort: number;

function agent(detectorUrl: string): Record<string, unknown> {
  return {
    ...BANKING_AGENT,
    settings: { ...BANKING_AGENT.settings, timeout: JUDGE_TIMEOUT_S },
    tier1: {
      detectors: [{ name: "fake-api", endpoint: `${detectorUrl}/score`, payload: { text: "$PROMPT" }, response_path: "score", timeout_ms: DETECTOR_TIMEOUT_MS, block_at: 0.9, pass_below: 0.1 }],
      consensus: 1,
    },
    judge: { provider: "openai-compatible", base_url: `${judge.url}/v1`, model: "judge-model", api_key: "judge-key", cache: { max_entries: 0 } },
  };
}

beforeAll(async () => {
  upstream = await startFakeUpstream();
  detector = await startFakeDetector();
  judge = await startFakeJudge();
  deadDetectorPort = await closedPort();
  const { stringify } = await import("yaml");
  moat = await startTestMoat({
    config: {
      events: { enabled: false },
      upstreams: { fake: { base_url: upstream.baseUrl, timeout_ms: 5000 } },
      routes: [
        { name: "closed", prefix: "/closed", upstream: "fake", agent: "./agent.yaml", mode: "block", fail: "closed", on_review: "block" },
        { name: "open", prefix: "/open", upstream: "fake", agent: "./agent.yaml", mode: "block", fail: "open", on_review: "pass" },
        { name: "dead", prefix: "/dead", upstream: "fake", agent: "./dead-agent.yaml", mode: "block", fail: "open", on_review: "pass" },
      ],
    },
    agent: agent(detector.url),
    files: { "dead-agent.yaml": stringify(agent(`http://127.0.0.1:${deadDetectorPort}`)) },
    env: { MOAT_METRICS_TOKEN: METRICS_TOKEN },
  });
});

afterAll(async () => {
  await moat?.close();
  await Promise.all([upstream?.close(), detector?.close(), judge?.close()]);
});

function client(prefix: string): OpenAI {
  return new OpenAI({ apiKey: "k", baseURL: moat.baseUrl(prefix), maxRetries: 0, timeout: HANG_BOUND_MS });
}

async function ask(prefix: string, prompt: string, stream = false): Promise<{ finish: string | null | undefined; id: string | null }> {
  if (!stream) {
    const { data, response } = await client(prefix).chat.completions.create({ model: "m", messages: [{ role: "user", content: prompt }] }).withResponse();
    return { finish: data.choices[0]?.finish_reason, id: response.headers.get("x-moat-event-id") };
  }
  const { data, response } = await client(prefix).chat.completions.create({ model: "m", messages: [{ role: "user", content: prompt }], stream: true }).withResponse();
  let finish: string | null | undefined;
  for await (const c of data) finish = c.choices[0]?.finish_reason ?? finish;
  return { finish, id: response.headers.get("x-moat-event-id") };
}

async function eventFor(id: string | null) {
  await waitFor(() => moat.events.some((e) => e.id === id), HANG_BOUND_MS);
  const event = moat.events.find((e) => e.id === id);
  if (!event?.result) throw new Error(`no evaluated event ${id}`);
  return event.result;
}

describe("sanity: both services answer", () => {
  it("a clean prompt goes detector (unsure) → judge (P) → upstream; an attack is blocked by each", async () => {
    expect((await ask("/closed", "What is my balance?")).finish).toBe("stop");
    const byDetector = await ask("/closed", "DET_ATTACK now");
    expect(byDetector.finish).toBe("content_filter");
    expect((await eventFor(byDetector.id)).tier).toBe(1);
    const byJudge = await ask("/closed", "JUDGE_BLOCK now");
    expect(byJudge.finish).toBe("content_filter");
    expect((await eventFor(byJudge.id)).tier).toBe(3);
  });
});

describe("the Tier 1 HTTP detector fails", () => {
  for (const fault of ["DET_500", "DET_NOT_JSON", "DET_SHAPE", "DET_HANG"]) {
    it(`${fault}: fail closed refuses, fail open goes on to the judge, and the failure is counted`, async () => {
      const errorsBefore = await counter(moat.url, "moat_detector_errors_total");
      const closedBefore = await counter(moat.url, "moat_fail_closed_total", { route: "closed" });
      const closed = await ask("/closed", `${fault} hello`);
      expect(closed.finish).toBe("content_filter");
      const closedResult = await eventFor(closed.id);
      expect(closedResult).toMatchObject({ verdict: "block", failClosed: true, tier: 1 });
      expect(closedResult.trace.find((t) => t.tier === 1)?.failed).toBe(true);

      const open = await ask("/open", `${fault} hello`, true);
      expect(open.finish).toBe("stop");
      const openResult = await eventFor(open.id);
      expect(openResult).toMatchObject({ verdict: "pass", failOpen: true, tier: 3 });

      expect(await counter(moat.url, "moat_detector_errors_total")).toBeGreaterThanOrEqual(errorsBefore + 2);
      expect(await counter(moat.url, "moat_fail_closed_total", { route: "closed" })).toBe(closedBefore + 1);
    });
  }

  it("a detector whose port refuses connections fails fast and the route's open policy forwards", async () => {
    const result = await ask("/dead", "hello there");
    expect(result.finish).toBe("stop");
    expect(await eventFor(result.id)).toMatchObject({ failOpen: true });
  });

  it("the hung detector request was cancelled, not left open", async () => {
    await waitFor(() => detector.hanging === 0, 5000);
  });
});

describe("the Tier 3 judge fails", () => {
  for (const fault of ["JUDGE_HANG", "JUDGE_500", "JUDGE_BROKEN_SSE"]) {
    it(`${fault}: fail closed refuses, fail open forwards, within the judge's timeout`, async () => {
      const closedBefore = await counter(moat.url, "moat_fail_closed_total", { route: "closed" });
      const openBefore = await counter(moat.url, "moat_fail_open_total", { route: "open" });
      const closed = await ask("/closed", `${fault} hello`);
      expect(closed.finish).toBe("content_filter");
      expect(await eventFor(closed.id)).toMatchObject({ verdict: "block", failClosed: true, tier: 3 });
      // Fail open skips the judge; Tier 1 was unsure, so the request is a review that on_review (pass) lets through.
      const open = await ask("/open", `${fault} hello`, true);
      expect(open.finish).toBe("stop");
      expect(await eventFor(open.id)).toMatchObject({ verdict: "review", failOpen: true });
      expect(await counter(moat.url, "moat_fail_closed_total", { route: "closed" })).toBe(closedBefore + 1);
      expect(await counter(moat.url, "moat_fail_open_total", { route: "open" })).toBe(openBefore + 1);
    });
  }

  it("a reply that does not start with a verdict letter is a review, which on_review decides", async () => {
    const refused = await ask("/closed", "JUDGE_GARBAGE hello");
    expect(refused.finish).toBe("content_filter");
    expect(await eventFor(refused.id)).toMatchObject({ verdict: "review", tier: 3, failOpen: false, failClosed: false });
    const forwarded = await ask("/open", "JUDGE_GARBAGE hello");
    expect(forwarded.finish).toBe("stop");
    expect(await eventFor(forwarded.id)).toMatchObject({ verdict: "review", tier: 3, failOpen: false });
  });

  it("the hung judge request was cancelled at the timeout", async () => {
    await waitFor(() => judge.hanging === 0, 5000);
  });
});

describe("under load", () => {
  it("150 concurrent requests mixing detector and judge faults: each answered by its route's policy", async () => {
    const cases: { prompt: string; closed: string; open: string }[] = [
      { prompt: "hello", closed: "stop", open: "stop" },
      { prompt: "DET_ATTACK", closed: "content_filter", open: "content_filter" },
      { prompt: "JUDGE_BLOCK", closed: "content_filter", open: "content_filter" },
      { prompt: "DET_500", closed: "content_filter", open: "stop" },
      { prompt: "DET_HANG", closed: "content_filter", open: "stop" },
      { prompt: "DET_NOT_JSON", closed: "content_filter", open: "stop" },
      { prompt: "JUDGE_HANG", closed: "content_filter", open: "stop" },
      { prompt: "JUDGE_500", closed: "content_filter", open: "stop" },
      { prompt: "JUDGE_GARBAGE", closed: "content_filter", open: "stop" },
      { prompt: "DET_CLEAN", closed: "stop", open: "stop" },
    ];
    const jobs = Array.from({ length: 150 }, (_, i) => {
      const c = cases[i % cases.length] as (typeof cases)[number];
      const prefix = i % 2 === 0 ? "/closed" : "/open";
      return { prompt: `${c.prompt} #${i}`, prefix, expected: prefix === "/closed" ? c.closed : c.open, stream: i % 3 === 0 };
    });
    const results = await Promise.all(jobs.map((j) => ask(j.prefix, j.prompt, j.stream)));
    results.forEach((r, i) => expect(r.finish, jobs[i]?.prompt).toBe(jobs[i]?.expected));
    await waitFor(() => judge.hanging === 0 && detector.hanging === 0, 5000);
  });
});
