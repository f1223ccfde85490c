/**
 * Metrics never carry what a client sends: no prompt, model name, path, header or key in any
 * label, and no label whose values a client can multiply (the series count stays flat however
 * many distinct requests arrive).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeUpstream, type FakeUpstream } from "../helpers/fake-upstream.js";
import { keywordFirewalls } from "../helpers/keyword-tier.js";
import { startTestMoat, type TestMoat } from "../helpers/moat.js";
import { METRICS_TOKEN } from "../robustness/support/metrics.js";

let upstream: FakeUpstream;
let moat: TestMoat;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  moat = await startTestMoat({
    config: {
      events: { enabled: false },
      upstreams: { fake: { base_url: upstream.baseUrl, api_key: "sk-upstream-metrics-SECRET" } },
      routes: [
        { name: "support", prefix: "/support", upstream: "fake", agent: "./agent.yaml", mode: "block" },
        { name: "audit", prefix: "/audit", upstream: "fake", agent: "./agent.yaml", mode: "log" },
        { name: "open", prefix: "/open", upstream: "fake", agent: "./agent.yaml", mode: "passthrough" },
      ],
    },
    createFirewall: keywordFirewalls(),
    env: { MOAT_METRICS_TOKEN: METRICS_TOKEN },
  });
});

afterAll(async () => {
  await moat?.close();
  await upstream?.close();
});

async function metricsText(): Promise<string> {
  const response = await fetch(`${moat.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  return response.text();
}

/** Moat's own series (Node's default process metrics gain GC kinds as they occur). */
function seriesCount(text: string): number {
  return text.split("\n").filter((l) => l.startsWith("moat_")).length;
}

/** One request of every kind, each carrying unique client-chosen strings. */
async function burst(tag: string): Promise<void> {
  const prompts = ["hello", "ATTACK", "REVIEW", "FAIL"].map((p) => `${p} ${tag}`);
  const jobs: Promise<unknown>[] = [];
  for (const prefix of ["/support", "/audit", "/open"]) {
    for (const prompt of prompts) {
      for (const stream of [false, true]) {
        jobs.push(
          fetch(`${moat.url}${prefix}/v1/chat/completions?q=${tag}`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer sk-client-${tag}`, "x-request-id": tag, "user-agent": `agent-${tag}` },
            body: JSON.stringify({ model: `model-${tag}`, user: `user-${tag}`, stream, messages: [{ role: "user", content: prompt }] }),
          }).then((r) => r.text()),
        );
      }
    }
    jobs.push(fetch(`${moat.url}${prefix}/v1/files/file-${tag}`).then((r) => r.text()));
    jobs.push(fetch(`${moat.url}${prefix}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: `{"broken-${tag}` }).then((r) => r.text()));
  }
  jobs.push(fetch(`${moat.url}/nowhere-${tag}/v1/models`).then((r) => r.text()));
  await Promise.all(jobs);
}

describe("metrics labels", () => {
  it("contain nothing the client sent, and do not grow with distinct requests", async () => {
    await burst("warmup-tag");
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = seriesCount(await metricsText());
    const tags = Array.from({ length: 25 }, () => randomUUID().slice(0, 12));
    for (const tag of tags) await burst(tag);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const text = await metricsText();
    for (const tag of [...tags, "warmup-tag"]) expect(text).not.toContain(tag);
    for (const word of ["hello", "ATTACK", "sk-client", "sk-upstream-metrics-SECRET", "model-", "user-", "file-"]) expect(text).not.toContain(word);
    expect(seriesCount(text)).toBe(before);
  });
});
