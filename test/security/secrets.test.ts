/**
 * API keys never appear in logs, events or anything the client gets back: not on success, not
 * on refusals, not on upstream errors, timeouts or bad requests, not in config error messages.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { loadProxyConfig } from "../../src/config/proxy-config.js";
import { startFakeUpstream, type FakeUpstream } from "../helpers/fake-upstream.js";
import { keywordFirewalls } from "../helpers/keyword-tier.js";
import { startTestMoat, waitFor, writeConfigDir, type TestMoat } from "../helpers/moat.js";
import { createLogger } from "../../src/proxy/logger.js";

const UPSTREAM_KEY = "sk-upstream-SECRET-7f3a9c";
const CLIENT_KEY = "sk-client-SECRET-41d2e8";
const OTHER_KEY = "azure-SECRET-c0ffee";
const ADMIN_TOKEN = "admin-SECRET-token-5a5a5a5a5a5a5a5a";
const METRICS_TOKEN = "metrics-SECRET-token-6b6b6b6b6b6b6b";
const SECRETS = [UPSTREAM_KEY, CLIENT_KEY, OTHER_KEY, ADMIN_TOKEN, METRICS_TOKEN];

let upstream: FakeUpstream;
let moat: TestMoat;
const seenByClient: string[] = [];
const logs: string[] = [];

function leaks(text: string): string[] {
  return SECRETS.filter((s) => text.includes(s));
}

beforeAll(async () => {
  process.env.MOAT_TEST_UPSTREAM_KEY = UPSTREAM_KEY;
  upstream = await startFakeUpstream();
  moat = await startTestMoat({
    config: {
      log: { requests: true, level: "debug" },
      events: { enabled: true, path: "./events.db", jsonl: "./events.jsonl", store_prompts: true },
      upstreams: {
        keyed: { base_url: upstream.baseUrl, api_key: "${MOAT_TEST_UPSTREAM_KEY}", timeout_ms: 400 },
        client: { base_url: upstream.baseUrl, timeout_ms: 400 },
        dead: { base_url: "http://127.0.0.1:9/v1", api_key: "${MOAT_TEST_UPSTREAM_KEY}", connect_timeout_ms: 300 },
      },
      routes: [
        { name: "keyed", prefix: "/keyed", upstream: "keyed", agent: "./agent.yaml", mode: "block", diagnostics: true, store_passes: true },
        { name: "client", prefix: "/client", upstream: "client", agent: "./agent.yaml", mode: "log", fail: "open" },
        { name: "dead", prefix: "/dead", upstream: "dead", agent: "./agent.yaml", mode: "block" },
        { name: "open", prefix: "/open", upstream: "keyed", agent: "./agent.yaml", mode: "passthrough" },
      ],
    },
    logger: createLogger("debug", (line) => logs.push(line)),
    createFirewall: keywordFirewalls(),
    env: { MOAT_ADMIN_TOKEN: ADMIN_TOKEN, MOAT_METRICS_TOKEN: METRICS_TOKEN },
  });
});

afterAll(async () => {
  await moat?.close();
  await upstream?.close();
  delete process.env.MOAT_TEST_UPSTREAM_KEY;
});

/** Every file Moat wrote in its folder (event store, its WAL, the JSONL sink), as text. */
function writtenFiles(): string {
  return readdirSync(moat.dir)
    .filter((name) => !name.endsWith(".yaml"))
    .map((name) => readFileSync(join(moat.dir, name)).toString("latin1"))
    .join("\n");
}

async function call(prefix: string, body: unknown, extraHeaders: Record<string, string> = {}): Promise<Response> {
  const response = await fetch(`${moat.url}${prefix}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${CLIENT_KEY}`, "api-key": OTHER_KEY, "x-api-key": OTHER_KEY, "content-type": "application/json", ...extraHeaders },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  seenByClient.push(text, JSON.stringify([...response.headers]));
  return response;
}

const ask = (content: string, stream = false) => ({ model: "m", stream, messages: [{ role: "user", content }] });

describe("secrets stay secret", () => {
  it("the configured key replaces the client's on the way upstream", async () => {
    await call("/keyed", ask("hello"));
    expect(upstream.received.at(-1)?.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
    await call("/client", ask("hello"));
    expect(upstream.received.at(-1)?.headers.authorization).toBe(`Bearer ${CLIENT_KEY}`);
  });

  it("no secret in logs, events or client-visible answers across successes, refusals and failures", async () => {
    await call("/keyed", ask("hello", true));
    await call("/keyed", ask("ATTACK with key"));
    await call("/keyed", ask("FAIL with key"));
    await call("/keyed", ask(`my key is ${"x".repeat(3)}`));
    await call("/client", ask("ATTACK in log mode"));
    await call("/client", ask("FAIL in log mode", true));
    await call("/dead", ask("hello"));
    await call("/keyed", "{not json");
    await call("/keyed", { messages: "nope" });
    await call("/keyed", ask("hello"), { "content-type": "text/plain" });
    // An upstream error answer, a timeout, and a reset.
    upstream.behave((_req, res) => {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "Incorrect API key provided", type: "invalid_request_error", param: null, code: "invalid_api_key" } }));
    });
    await call("/keyed", ask("hello"));
    upstream.behave(() => undefined);
    await call("/keyed", ask("hello"));
    upstream.behave((_req, res) => {
      res.destroy();
    });
    await call("/keyed", ask("hello"));
    await call("/open", ask("hello"));
    upstream.behave(undefined);
    await fetch(`${moat.url}/open/v1/models`, { headers: { authorization: `Bearer ${CLIENT_KEY}` } }).then((r) => r.text());

    // The admin API and /metrics, with right and wrong tokens, and the login form.
    for (const token of [ADMIN_TOKEN, `${ADMIN_TOKEN}x`, METRICS_TOKEN]) {
      for (const path of ["/_moat/api/overview", "/_moat/api/events", "/metrics"]) {
        const response = await fetch(`${moat.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
        seenByClient.push(await response.text(), JSON.stringify([...response.headers]));
      }
    }
    for (const token of [ADMIN_TOKEN, "wrong-token"]) {
      const response = await fetch(`${moat.url}/_moat/login`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `token=${token}`, redirect: "manual" });
      seenByClient.push(await response.text(), JSON.stringify([...response.headers]));
    }

    await waitFor(() => moat.events.length >= 15, 5000);
    expect(logs.length).toBeGreaterThan(10);
    expect(leaks(logs.join("\n"))).toEqual([]);
    expect(leaks(JSON.stringify(moat.events))).toEqual([]);
    expect(leaks(seenByClient.join("\n"))).toEqual([]);
    // The event store and the JSONL sink, once flushed by close().
    await moat.proxy.close();
    const files = writtenFiles();
    expect(files).toContain("ATTACK with key");
    expect(leaks(files)).toEqual([]);
  });

  it("config errors name the key path, never the secret value", () => {
    process.env.MOAT_TEST_SECRET_IN_CONFIG = UPSTREAM_KEY;
    try {
      const broken = [
        { upstreams: { u: { base_url: "not a url ${MOAT_TEST_SECRET_IN_CONFIG}", api_key: "${MOAT_TEST_SECRET_IN_CONFIG}" } }, routes: [] },
        { upstreams: { u: { base_url: "http://127.0.0.1:1/v1", api_key: "${MOAT_TEST_SECRET_IN_CONFIG}", timeout_ms: "${MOAT_TEST_SECRET_IN_CONFIG}" } }, routes: [{ name: "r", prefix: "/", upstream: "u", agent: "./agent.yaml" }] },
        { upstreams: { u: { base_url: "http://127.0.0.1:1/v1", api_key: "${MOAT_TEST_SECRET_IN_CONFIG}", headers: { authorization: 5 } } }, routes: [{ name: "r", prefix: "/", upstream: "nope", agent: "./agent.yaml" }] },
        { upstreams: { u: { base_url: "http://127.0.0.1:1/v1", api_key: "${MOAT_TEST_SECRET_IN_CONFIG}", extra: "${MOAT_TEST_SECRET_IN_CONFIG}" } }, routes: [{ name: "r", prefix: "${MOAT_TEST_SECRET_IN_CONFIG}", upstream: "u", agent: "./agent.yaml" }] },
      ];
      for (const config of broken) {
        const { dir, configFile } = writeConfigDir(config);
        writeFileSync(join(dir, "proxy.config.yaml"), stringify(config));
        let message = "";
        try {
          loadProxyConfig(configFile);
        } catch (error) {
          message = error instanceof Error ? error.message : String(error);
        }
        expect(message).toMatch(/invalid configuration/);
        expect(leaks(message)).toEqual([]);
      }
    } finally {
      delete process.env.MOAT_TEST_SECRET_IN_CONFIG;
    }
  });
});
