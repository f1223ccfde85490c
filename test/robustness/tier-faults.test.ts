/**
 * Tiers that fail: throw, reject, return nonsense, hang (honouring their abort signal or not),
 * alone and under load. The route's fail policy holds for every request (closed refuses, open
 * forwards), every failure is counted in the events and /metrics, and nothing hangs or 5xxs.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Firewall } from "../../src/firewall/firewall.js";
import type { Conversation, FirewallTier, TierOutcome } from "../../src/firewall/types.js";
import { startFakeUpstream, type FakeUpstream } from "../helpers/fake-upstream.js";
import { startTestMoat, waitFor, type TestMoat } from "../helpers/moat.js";
import { counter, METRICS_TOKEN } from "./support/metrics.js";

const EVAL_TIMEOUT_MS = 400;
const HANG_BOUND_MS = EVAL_TIMEOUT_MS + 8000;

/** Misbehaviour chosen by a word in the prompt, so one firewall serves every case. */
function faultyTier(): FirewallTier & { pending: number } {
  const tier = {
    tier: 1 as const,
    name: "faulty",
    pending: 0,
    evaluate(conversation: Conversation, signal: AbortSignal): Promise<TierOutcome> {
      const text = conversation.prompt;
      if (text.includes("THROW")) throw new Error("synchronous failure");
      if (text.includes("REJECT")) return Promise.reject(new Error("asynchronous failure"));
      if (text.includes("NONSENSE")) return Promise.resolve(undefined as unknown as TierOutcome);
      if (text.includes("BADSHAPE")) return Promise.resolve({ decision: "maybe", category: 42 } as unknown as TierOutcome);
      if (text.includes("HANG_POLITE")) {
        tier.pending++;
        return new Promise((_, reject) => {
          signal.addEventListener("abort", () => {
            tier.pending--;
            reject(new Error("aborted"));
          });
        });
      }
      if (text.includes("HANG_RUDE")) return new Promise(() => undefined);
      if (text.includes("ATTACK")) return Promise.resolve({ decision: "block", category: "violation", explanation: "attack", attackProbability: 0.99 });
      return Promise.resolve({ decision: "pass", category: "none", explanation: "clean", attackProbability: 0.01 });
    },
  };
  return tier;
}

let upstream: FakeUpstream;
let moat: TestMoat;
const tier = faultyTier();

beforeAll(async () => {
  upstream = await startFakeUpstream();
  moat = await startTestMoat({
    config: {
      events: { enabled: false },
      limits: { evaluation_timeout_ms: EVAL_TIMEOUT_MS },
      upstreams: { fake: { base_url: upstream.baseUrl, timeout_ms: 5000 } },
      routes: [
        { name: "closed", prefix: "/closed", upstream: "fake", agent: "./agent.yaml", mode: "block", fail: "closed" },
        { name: "open", prefix: "/open", upstream: "fake", agent: "./agent.yaml", mode: "block", fail: "open" },
        { name: "log", prefix: "/log", upstream: "fake", agent: "./agent.yaml", mode: "log", fail: "closed" },
      ],
    },
    createFirewall: (agentFile, options) => Firewall.fromConfig(agentFile, { ...options, tiers: [tier] }),
    env: { MOAT_METRICS_TOKEN: METRICS_TOKEN },
  });
});

afterAll(async () => {
  await moat?.close();
  await upstream?.close();
});

beforeEach(() => {
  upstream.received.length = 0;
});

function client(prefix: string): OpenAI {
  return new OpenAI({ apiKey: "k", baseURL: moat.baseUrl(prefix), maxRetries: 0, timeout: HANG_BOUND_MS });
}

const ask = (content: string) => [{ role: "user" as const, content }];

async function finishReason(prefix: string, prompt: string, stream: boolean): Promise<{ finish: string | null | undefined; text: string; id: string | null }> {
  if (!stream) {
    const { data, response } = await client(prefix).chat.completions.create({ model: "m", messages: ask(prompt) }).withResponse();
    return { finish: data.choices[0]?.finish_reason, text: data.choices[0]?.message.content ?? "", id: response.headers.get("x-moat-event-id") };
  }
  const { data, response } = await client(prefix).chat.completions.create({ model: "m", messages: ask(prompt), stream: true }).withResponse();
  let text = "";
  let finish: string | null | undefined;
  for await (const c of data) {
    text += c.choices[0]?.delta.content ?? "";
    finish = c.choices[0]?.finish_reason ?? finish;
  }
  return { finish, text, id: response.headers.get("x-moat-event-id") };
}

const FAULTS = ["THROW", "REJECT", "NONSENSE", "HANG_POLITE", "HANG_RUDE"];

describe("a failing tier follows the route's fail policy", () => {
  for (const fault of FAULTS) {
    for (const stream of [false, true]) {
      it(`${fault}${stream ? " (streamed)" : ""}: fail closed refuses, fail open forwards, both counted`, async () => {
        const closedBefore = await counter(moat.url, "moat_fail_closed_total", { route: "closed" });
        const openBefore = await counter(moat.url, "moat_fail_open_total", { route: "open" });

        const closed = await finishReason("/closed", `${fault} please`, stream);
        expect(closed.finish).toBe("content_filter");
        const open = await finishReason("/open", `${fault} please`, stream);
        expect(open.finish).toBe("stop");
        expect(open.text).toContain(`echo: ${fault} please`);
        expect(upstream.received).toHaveLength(1);

        await waitFor(() => moat.events.some((e) => e.id === closed.id) && moat.events.some((e) => e.id === open.id));
        expect(moat.events.find((e) => e.id === closed.id)?.result).toMatchObject({ verdict: "block", failClosed: true });
        expect(moat.events.find((e) => e.id === open.id)?.result).toMatchObject({ verdict: "pass", failOpen: true });
        expect(await counter(moat.url, "moat_fail_closed_total", { route: "closed" })).toBe(closedBefore + 1);
        expect(await counter(moat.url, "moat_fail_open_total", { route: "open" })).toBe(openBefore + 1);
      });
    }
  }

  it("an outcome with an unknown decision is taken as unsure: review, which on_review decides", async () => {
    for (const prefix of ["/closed", "/open"]) {
      const answer = await finishReason(prefix, "BADSHAPE", false);
      expect(answer.finish).toBe("content_filter");
      await waitFor(() => moat.events.some((e) => e.id === answer.id));
      expect(moat.events.find((e) => e.id === answer.id)?.result?.verdict).toBe("review");
    }
  });

  it("a hung tier that honours its signal is aborted at the evaluation deadline", async () => {
    await finishReason("/closed", "HANG_POLITE again", false);
    await waitFor(() => tier.pending === 0);
  });

  it("log mode answers at once and still records the failure after the deadline", async () => {
    for (const fault of FAULTS) {
      const answer = await finishReason("/log", `${fault} in log mode`, false);
      expect(answer.text).toBe(`echo: ${fault} in log mode`);
      await waitFor(() => moat.events.some((e) => e.id === answer.id), HANG_BOUND_MS);
      const event = moat.events.find((e) => e.id === answer.id);
      expect(event?.outcome).toBe("would_block");
      expect(event?.result?.failClosed).toBe(true);
    }
  });

  it("under load: 120 concurrent requests mixing every fault, clean and attack prompts, all answered by policy", async () => {
    const prompts = [...FAULTS, "ATTACK", "hello", "BADSHAPE"];
    const jobs = Array.from({ length: 120 }, (_, i) => {
      const prompt = `${prompts[i % prompts.length]} #${i}`;
      const prefix = i % 3 === 0 ? "/open" : "/closed";
      return { prompt, prefix, stream: i % 2 === 0 };
    });
    const started = Date.now();
    const results = await Promise.all(jobs.map((j) => finishReason(j.prefix, j.prompt, j.stream)));
    expect(Date.now() - started).toBeLessThan(HANG_BOUND_MS * 2);
    results.forEach((result, i) => {
      const job = jobs[i];
      if (!job) return;
      const clean = job.prompt.startsWith("hello");
      const attack = job.prompt.startsWith("ATTACK") || job.prompt.startsWith("BADSHAPE");
      const expected = attack ? "content_filter" : clean ? "stop" : job.prefix === "/open" ? "stop" : "content_filter";
      expect(result.finish, job.prompt).toBe(expected);
    });
  });
});
