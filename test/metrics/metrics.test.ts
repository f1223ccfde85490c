/**
 * /metrics after a known sequence of requests through a running proxy, in every mode: block
 * (refusal, review, fail closed), block with on_review pass and fail open, log (would_block) and
 * passthrough. The firewall is the deterministic keyword tier plus a fake judge that records
 * cache hits the way the real one does (details.cached).
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Firewall } from "../../src/firewall/firewall.js";
import type { Conversation, FirewallTier, TierOutcome } from "../../src/firewall/types.js";
import type { FirewallFactory } from "../../src/proxy/runtime.js";
import { startFakeUpstream, type FakeUpstream } from "../helpers/fake-upstream.js";
import { keywordTier } from "../helpers/keyword-tier.js";
import { startTestMoat, waitFor, type TestMoat } from "../helpers/moat.js";
import { parseProm, sum, value, type Sample } from "./prom-text.js";

/**
 * Tier 3 stand-in: sees what the keyword tier escalates (REVIEW) or could not judge (FAIL under
 * fail open); unsure about REVIEW, passes the rest; a repeated prompt is a cache hit.
 */
function fakeJudge(): FirewallTier {
  const seen = new Set<string>();
  return {
    tier: 3,
    name: "judge",
    async evaluate(conversation: Conversation): Promise<TierOutcome> {
      const cached = seen.has(conversation.prompt);
      seen.add(conversation.prompt);
      if (!conversation.prompt.includes("REVIEW")) return { decision: "pass", category: "none", explanation: "Tier 3 judge: in scope (P)", details: { letter: "P", cached } };
      return { decision: "escalate", category: "uncertain", explanation: "Tier 3 judge: unsure (D)", details: { letter: "D", cached } };
    },
  };
}

const firewalls: FirewallFactory = (agentFile, options) => Firewall.fromConfig(agentFile, { ...options, tiers: [keywordTier(), fakeJudge()] });

let upstream: FakeUpstream;
let moat: TestMoat;
let samples: Sample[];
let metricsText: string;

const route = (name: string, mode: string, extra: Record<string, unknown> = {}) => ({ name, prefix: name === "default" ? "/" : `/${name}`, upstream: "fake", agent: "./agent.yaml", mode, ...extra });

function client(prefix: string): OpenAI {
  return new OpenAI({ apiKey: "sk-test", baseURL: moat.baseUrl(prefix), maxRetries: 0, timeout: 10_000 });
}

async function chat(prefix: string, content: string, stream = false): Promise<void> {
  if (stream) {
    const s = await client(prefix).chat.completions.create({ model: "gpt-test", messages: [{ role: "user", content }], stream: true });
    for await (const _chunk of s) {
      // drain
    }
    return;
  }
  await client(prefix).chat.completions.create({ model: "gpt-test", messages: [{ role: "user", content }] });
}

beforeAll(async () => {
  upstream = await startFakeUpstream();
  moat = await startTestMoat({
    config: {
      listen: { host: "127.0.0.1", port: 0 },
      events: { enabled: false },
      log: { requests: false, level: "silent" },
      upstreams: { fake: { base_url: upstream.baseUrl, timeout_ms: 5000, connect_timeout_ms: 1000 } },
      routes: [
        route("support", "block", { on_review: "block", fail: "closed" }),
        route("lenient", "block", { on_review: "pass", fail: "open" }),
        route("open", "passthrough"),
        route("default", "log", { on_review: "block", fail: "closed" }),
      ],
    },
    createFirewall: firewalls,
    env: {},
  });

  await chat("/support", "What is my balance?");
  await chat("/support", "Block my lost card", true);
  await chat("/support", "ATTACK now");
  await chat("/support", "ATTACK streamed", true);
  await chat("/support", "REVIEW this");
  await chat("/support", "FAIL here");
  await fetch(`${moat.baseUrl("/support")}/models`);
  await fetch(`${moat.baseUrl("/support")}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });

  await chat("/lenient", "FAIL here");
  await chat("/lenient", "REVIEW this");

  await chat("/open", "ATTACK passes untouched");
  await fetch(`${moat.baseUrl("/open")}/models`);

  await chat("/", "hello");
  await chat("/", "ATTACK in log mode");
  await chat("/", "REVIEW this");

  // Log mode records its verdict after the response.
  await waitFor(() => moat.events.length === 15);
  const response = await fetch(`${moat.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  metricsText = await response.text();
  samples = parseProm(metricsText);
});

afterAll(async () => {
  await moat?.close();
  await upstream?.close();
});

const requests = (routeName: string, mode: string, outcome: string) => value(samples, "moat_requests_total", { route: routeName, mode, outcome });

describe("requests by route, mode and outcome", () => {
  it("counts block mode: passes, refusals, review, fail-closed, passthrough paths and bad bodies", () => {
    expect(requests("support", "block", "pass")).toBe(2);
    expect(requests("support", "block", "block")).toBe(3);
    expect(requests("support", "block", "review")).toBe(1);
    expect(requests("support", "block", "passthrough")).toBe(1);
    expect(requests("support", "block", "not_evaluated")).toBe(1);
    expect(requests("support", "block", "would_block")).toBe(0);
  });

  it("counts on_review: pass and fail open as forwarded outcomes", () => {
    expect(requests("lenient", "block", "pass")).toBe(1);
    expect(requests("lenient", "block", "review")).toBe(1);
    expect(requests("lenient", "block", "block")).toBe(0);
  });

  it("counts log mode's would_block (attack and review under on_review: block)", () => {
    expect(requests("default", "log", "pass")).toBe(1);
    expect(requests("default", "log", "would_block")).toBe(2);
    expect(requests("default", "log", "block")).toBe(0);
  });

  it("counts passthrough without any verdict", () => {
    expect(requests("open", "passthrough", "passthrough")).toBe(2);
    expect(sum(samples, "moat_verdicts_total", { route: "open" })).toBe(0);
  });
});

describe("verdicts, failures and the judge", () => {
  it("counts verdicts by the tier that decided and the category", () => {
    const verdicts = (labels: Record<string, string>) => value(samples, "moat_verdicts_total", labels);
    expect(verdicts({ route: "support", tier: "1", verdict: "pass", category: "none" })).toBe(2);
    expect(verdicts({ route: "support", tier: "1", verdict: "block", category: "violation" })).toBe(2);
    expect(verdicts({ route: "support", tier: "1", verdict: "block", category: "uncertain" })).toBe(1);
    expect(verdicts({ route: "support", tier: "3", verdict: "review", category: "uncertain" })).toBe(1);
    // Fail open: the keyword tier failed, the judge decided.
    expect(verdicts({ route: "lenient", tier: "3", verdict: "pass", category: "none" })).toBe(1);
    expect(verdicts({ route: "lenient", tier: "3", verdict: "review", category: "uncertain" })).toBe(1);
    expect(verdicts({ route: "default", tier: "1", verdict: "block", category: "violation" })).toBe(1);
    expect(sum(samples, "moat_verdicts_total")).toBe(11);
  });

  it("counts tier errors and every fail-open / fail-closed", () => {
    expect(value(samples, "moat_tier_errors_total", { route: "support", tier: "1", name: "keywords" })).toBe(1);
    expect(value(samples, "moat_tier_errors_total", { route: "lenient", tier: "1", name: "keywords" })).toBe(1);
    expect(value(samples, "moat_fail_closed_total", { route: "support" })).toBe(1);
    expect(value(samples, "moat_fail_open_total", { route: "support" })).toBe(0);
    expect(value(samples, "moat_fail_open_total", { route: "lenient" })).toBe(1);
  });

  it("counts judge consultations and cache hits (same prompt judged again)", () => {
    expect(value(samples, "moat_judge_calls_total", { route: "support" })).toBe(1);
    expect(value(samples, "moat_judge_cache_hits_total", { route: "support" })).toBe(0);
    expect(value(samples, "moat_judge_calls_total", { route: "lenient" })).toBe(2);
    expect(value(samples, "moat_judge_cache_hits_total", { route: "lenient" })).toBe(1);
    expect(value(samples, "moat_judge_calls_total", { route: "default" })).toBe(1);
    expect(value(samples, "moat_judge_cache_hits_total", { route: "default" })).toBe(1);
  });

  it("estimates tokens saved from refused prompts only (characters / 4, rounded up)", () => {
    const refused = ["ATTACK now", "ATTACK streamed", "REVIEW this", "FAIL here"];
    expect(value(samples, "moat_tokens_saved_total", { route: "support" })).toBe(refused.reduce((a, p) => a + Math.ceil(p.length / 4), 0));
    expect(value(samples, "moat_tokens_saved_total", { route: "default" })).toBe(0);
    expect(value(samples, "moat_tokens_saved_total", { route: "lenient" })).toBe(0);
    expect(metricsText).toMatch(/# HELP moat_tokens_saved_total Estimated .*characters \/ 4/);
  });
});

describe("latency and upstream", () => {
  it("observes end-to-end latency per request, firewall and tier time per evaluation", () => {
    expect(value(samples, "moat_request_duration_seconds_count", { route: "support", mode: "block" })).toBe(8);
    expect(value(samples, "moat_firewall_duration_seconds_count", { route: "support" })).toBe(6);
    expect(value(samples, "moat_tier_duration_seconds_count", { route: "support", tier: "0" })).toBe(6);
    expect(value(samples, "moat_tier_duration_seconds_count", { route: "support", tier: "1" })).toBe(6);
    // The judge ran only where the keyword tier escalated; skipped tiers are not observed.
    expect(value(samples, "moat_tier_duration_seconds_count", { route: "support", tier: "3" })).toBe(1);
    expect(value(samples, "moat_tier_duration_seconds_count", { route: "default", tier: "3" })).toBe(1);
    const le = samples.filter((s) => s.name === "moat_request_duration_seconds_bucket" && s.labels.route === "support" && s.labels.le === "+Inf");
    expect(le[0]?.value).toBe(8);
  });

  it("counts upstream responses by status and observes their latency", () => {
    expect(value(samples, "moat_upstream_responses_total", { route: "support", status: "200" })).toBe(3);
    expect(value(samples, "moat_upstream_duration_seconds_count", { route: "support" })).toBe(3);
    expect(value(samples, "moat_upstream_responses_total", { route: "default", status: "200" })).toBe(3);
    expect(value(samples, "moat_upstream_responses_total", { route: "open", status: "200" })).toBe(2);
  });

  it("keeps labels bounded: no prompts, paths or models in the exposition", () => {
    expect(metricsText).not.toContain("ATTACK");
    expect(metricsText).not.toContain("/v1/");
    expect(metricsText).not.toContain("gpt-test");
    const routes = new Set(samples.filter((s) => s.name.startsWith("moat_")).map((s) => s.labels.route).filter(Boolean));
    expect([...routes].sort()).toEqual(["default", "lenient", "open", "support"]);
  });

  it("exposes zero-valued series for every route before the first hit, and process metrics", () => {
    expect(samples.some((s) => s.name === "moat_fail_open_total" && s.labels.route === "open" && s.value === 0)).toBe(true);
    expect(samples.some((s) => s.name === "process_cpu_user_seconds_total")).toBe(true);
    expect(value(samples, "moat_event_store_up")).toBe(0);
  });
});

describe("upstream failures", () => {
  it("counts an unreachable upstream per route", async () => {
    const dead = await startTestMoat({
      config: {
        listen: { host: "127.0.0.1", port: 0 },
        events: { enabled: false },
        log: { requests: false, level: "silent" },
        upstreams: { gone: { base_url: "http://127.0.0.1:9/v1", timeout_ms: 2000, connect_timeout_ms: 500 } },
        routes: [{ name: "r", prefix: "/", upstream: "gone", agent: "./agent.yaml", mode: "block" }],
      },
      createFirewall: firewalls,
      env: {},
    });
    try {
      const response = await fetch(`${dead.baseUrl("/")}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }) });
      expect(response.status).toBe(502);
      await waitFor(() => dead.events.length === 1);
      const s = parseProm(await (await fetch(`${dead.url}/metrics`)).text());
      expect(value(s, "moat_upstream_failures_total", { route: "r", reason: "unreachable" })).toBe(1);
      expect(value(s, "moat_requests_total", { route: "r", mode: "block", outcome: "pass" })).toBe(1);
    } finally {
      await dead.close();
    }
  });
});

describe("MOAT_METRICS_TOKEN", () => {
  it("requires the token as a Bearer when set, and keeps it separate from the admin token", async () => {
    const guarded = await startTestMoat({
      config: {
        listen: { host: "127.0.0.1", port: 0 },
        events: { enabled: false },
        log: { requests: false, level: "silent" },
        upstreams: { fake: { base_url: upstream.baseUrl } },
        routes: [route("default", "block")],
      },
      createFirewall: firewalls,
      env: { MOAT_METRICS_TOKEN: "metrics-secret-0123456789", MOAT_ADMIN_TOKEN: "admin-secret-0123456789" },
    });
    try {
      const get = (auth?: string) => fetch(`${guarded.url}/metrics`, auth ? { headers: { authorization: auth } } : {});
      expect((await get()).status).toBe(401);
      expect((await get("Bearer wrong")).status).toBe(401);
      expect((await get("Bearer admin-secret-0123456789")).status).toBe(401);
      const ok = await get("Bearer metrics-secret-0123456789");
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain("moat_requests_total");
      // Never forwarded upstream, even with a catch-all "/" route.
      expect(upstream.received.some((r) => r.url.includes("metrics"))).toBe(false);
    } finally {
      await guarded.close();
    }
  });
});
