/**
 * Clients that never finish sending their request (slowloris): the proxy gives up on them after
 * limits.request_timeout_ms, keeps serving everyone else, and holds nothing afterwards. A slow
 * but steady upload inside the limit still goes through, and long streamed answers are not cut
 * (the limit is on receiving the request only).
 */
import { connect, type Socket } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeUpstream, type FakeUpstream } from "../helpers/fake-upstream.js";
import { keywordFirewalls } from "../helpers/keyword-tier.js";
import { startTestMoat, waitFor, type TestMoat } from "../helpers/moat.js";
import { activeResources, expectNoLeaks, type ResourceCounts } from "./support/handles.js";
import { rawJson } from "./support/raw-http.js";

const REQUEST_TIMEOUT_MS = 600;

let upstream: FakeUpstream;
let moat: TestMoat;
let before: ResourceCounts;
const sockets: Socket[] = [];

beforeEach(async () => {
  upstream = await startFakeUpstream();
  before = activeResources();
  moat = await startTestMoat({
    config: {
      events: { enabled: false },
      limits: { request_timeout_ms: REQUEST_TIMEOUT_MS },
      upstreams: { fake: { base_url: upstream.baseUrl, timeout_ms: 10_000 } },
      routes: [
        { name: "block", prefix: "/block", upstream: "fake", agent: "./agent.yaml", mode: "block" },
        { name: "pass", prefix: "/pass", upstream: "fake", agent: "./agent.yaml", mode: "passthrough" },
      ],
    },
    createFirewall: keywordFirewalls(),
  });
});

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await moat.close();
  await expectNoLeaks(before);
  await upstream.close();
});

/** Sends the head and part of the body, then nothing; resolves with what came back and when the socket closed. */
function stall(path: string, declared: number, sent: string): Promise<{ text: string; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const socket = connect(moat.proxy.port, "127.0.0.1");
    sockets.push(socket);
    const started = Date.now();
    let text = "";
    socket.on("connect", () => socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${declared}\r\n\r\n${sent}`));
    socket.on("data", (d: Buffer) => (text += d.toString()));
    socket.on("error", () => undefined);
    socket.on("close", () => resolve({ text, closedAfterMs: Date.now() - started }));
  });
}

describe("a request body that never finishes", () => {
  for (const path of ["/block/v1/chat/completions", "/pass/v1/chat/completions", "/pass/v1/files"]) {
    it(`${path}: answered 408 and closed after the request timeout; others are served meanwhile`, async () => {
      const stalled = stall(path, 10_000, '{"model":"m","messages":[');
      const other = await rawJson(moat.proxy.port, "POST", "/block/v1/chat/completions", JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }));
      expect(other.status).toBe(200);
      const { text, closedAfterMs } = await stalled;
      expect(text).toMatch(/^HTTP\/1\.1 408/);
      // "Does not hang": well before the old behaviour (never), with a wide margin over the limit.
      expect(closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 8000);
    });
  }

  it("a slow but steady upload that completes inside the limit is forwarded", async () => {
    const body = JSON.stringify({ model: "m", messages: [{ role: "user", content: "slow but fine" }] });
    const socket = connect(moat.proxy.port, "127.0.0.1");
    sockets.push(socket);
    let text = "";
    socket.on("data", (d: Buffer) => (text += d.toString()));
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    socket.write(`POST /block/v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`);
    for (let i = 0; i < body.length; i += Math.ceil(body.length / 4)) {
      socket.write(body.slice(i, i + Math.ceil(body.length / 4)));
      await new Promise((resolve) => setTimeout(resolve, REQUEST_TIMEOUT_MS / 8));
    }
    await waitFor(() => text.includes("echo: slow but fine"), 5000);
    expect(text).toMatch(/^HTTP\/1\.1 200/);
  });

  it("a streamed answer longer than the request timeout is not cut", async () => {
    upstream.streamChunks = 6;
    upstream.streamIntervalMs = REQUEST_TIMEOUT_MS / 3;
    const response = await fetch(`${moat.url}/block/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "m", stream: true, messages: [{ role: "user", content: "long" }] }) });
    const text = await response.text();
    expect(text).toContain(" part5");
    expect(text).toContain("[DONE]");
  });
});
