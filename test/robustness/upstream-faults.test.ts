/**
 * Upstream faults, each against a real server on 127.0.0.1: refused connections, silence, slow
 * answers, resets before and during the body, malformed SSE and HTTP, and a huge body. The
 * client always gets a clear OpenAI-style error or a properly ended stream within the configured
 * timeouts, and once everything is closed no socket, server or timer is left behind.
 */
import OpenAI from "openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeUpstream, type FakeUpstream } from "../helpers/fake-upstream.js";
import { keywordFirewalls } from "../helpers/keyword-tier.js";
import { startTestMoat, waitFor, type TestMoat } from "../helpers/moat.js";
import { activeResources, expectNoLeaks, type ResourceCounts } from "./support/handles.js";
import { chunk, closedPort, responseHead, sseChunk, startRawServer, startSilentServer, type FaultServer } from "./support/fault-servers.js";

const TIMEOUT_MS = 400;
/** Generous bound that proves "does not hang": the configured timeout plus a wide margin. */
const HANG_BOUND_MS = TIMEOUT_MS + 8000;

let before: ResourceCounts;
let moat: TestMoat | undefined;
let closers: (() => Promise<void>)[] = [];

beforeEach(() => {
  before = activeResources();
  closers = [];
});

afterEach(async () => {
  await moat?.close();
  moat = undefined;
  for (const close of closers.reverse()) await close();
  await expectNoLeaks(before);
});

async function proxyTo(baseUrl: string, upstreamOverrides: Record<string, unknown> = {}): Promise<TestMoat> {
  moat = await startTestMoat({
    config: {
      events: { enabled: false },
      upstreams: { up: { base_url: baseUrl, timeout_ms: TIMEOUT_MS, connect_timeout_ms: TIMEOUT_MS, ...upstreamOverrides } },
      routes: [
        { name: "block", prefix: "/block", upstream: "up", agent: "./agent.yaml", mode: "block" },
        { name: "log", prefix: "/log", upstream: "up", agent: "./agent.yaml", mode: "log" },
        { name: "pass", prefix: "/pass", upstream: "up", agent: "./agent.yaml", mode: "passthrough" },
      ],
    },
    createFirewall: keywordFirewalls(),
  });
  return moat;
}

async function fault(server: Promise<FaultServer>): Promise<FaultServer> {
  const started = await server;
  closers.push(() => started.close());
  return started;
}

async function fake(): Promise<FakeUpstream> {
  const started = await startFakeUpstream();
  closers.push(() => started.close());
  return started;
}

function client(m: TestMoat, prefix: string): OpenAI {
  return new OpenAI({ apiKey: "k", baseURL: m.baseUrl(prefix), maxRetries: 0, timeout: HANG_BOUND_MS });
}

const ask = (content = "hello") => [{ role: "user" as const, content }];

async function apiError(promise: Promise<unknown>): Promise<{ status?: number; code?: string | null; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as InstanceType<typeof OpenAI.APIError>;
}

async function drain(stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>): Promise<{ text: string; error?: unknown }> {
  let text = "";
  try {
    for await (const c of stream) text += c.choices[0]?.delta.content ?? "";
  } catch (error) {
    return { text, error };
  }
  return { text };
}

async function within<T>(promise: Promise<T>, ms = HANG_BOUND_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, hang]);
  } finally {
    clearTimeout(timer);
  }
}

describe("upstream refuses connections", () => {
  it("chat (plain and streamed), log mode and passthrough all answer 502 upstream_unreachable", async () => {
    const m = await proxyTo(`http://127.0.0.1:${await closedPort()}/v1`);
    for (const prefix of ["/block", "/log", "/pass"]) {
      const plain = await within(apiError(client(m, prefix).chat.completions.create({ model: "m", messages: ask() })));
      expect(plain.status).toBe(502);
      expect(plain.code).toBe("upstream_unreachable");
      const streamed = await within(apiError(client(m, prefix).chat.completions.create({ model: "m", messages: ask(), stream: true })));
      expect(streamed.status).toBe(502);
    }
    const models = await within(apiError(client(m, "/pass").models.list()));
    expect(models.status).toBe(502);
    await waitFor(() => m.events.length >= 7);
    expect(m.events.every((e) => e.action === "failed" && e.status === 502)).toBe(true);
  });
});

describe("upstream accepts and never answers", () => {
  it("answers 504 upstream_timeout after timeout_ms, for chat, streams and passthrough", async () => {
    const silent = await fault(startSilentServer());
    const m = await proxyTo(silent.baseUrl);
    const results = await within(
      Promise.all([
        apiError(client(m, "/block").chat.completions.create({ model: "m", messages: ask() })),
        apiError(client(m, "/block").chat.completions.create({ model: "m", messages: ask(), stream: true })),
        apiError(client(m, "/log").chat.completions.create({ model: "m", messages: ask() })),
        apiError(client(m, "/pass").embeddings.create({ model: "e", input: "x" })),
      ]),
    );
    for (const error of results) {
      expect(error.status).toBe(504);
      expect(error.code).toBe("upstream_timeout");
    }
  });

  it("a client that gives up while the upstream is silent aborts the upstream request", async () => {
    let upstreamClosed = 0;
    const silent = await fault(
      startRawServer((socket) => {
        socket.on("close", () => upstreamClosed++);
      }),
    );
    const m = await proxyTo(silent.baseUrl, { timeout_ms: 60_000 });
    const controller = new AbortController();
    const pending = client(m, "/block").chat.completions.create({ model: "m", messages: ask() }, { signal: controller.signal });
    await waitFor(() => silent.connections === 1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await waitFor(() => upstreamClosed === 1, 5000);
  });
});

describe("upstream answers slowly", () => {
  it("a slow first byte inside the timeout is fine", async () => {
    const upstream = await fake();
    upstream.behave(async (_req, res) => {
      await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS / 2));
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: "x", object: "chat.completion", created: 1, model: "m", choices: [{ index: 0, message: { role: "assistant", content: "late but fine", refusal: null }, logprobs: null, finish_reason: "stop" }] }));
    });
    const m = await proxyTo(upstream.baseUrl);
    const answer = await within(client(m, "/block").chat.completions.create({ model: "m", messages: ask() }));
    expect(answer.choices[0]?.message.content).toBe("late but fine");
  });

  it("a stream longer than timeout_ms keeps going while chunks keep coming (the timeout is per silence)", async () => {
    const upstream = await fake();
    upstream.streamChunks = 8;
    upstream.streamIntervalMs = TIMEOUT_MS / 3;
    const m = await proxyTo(upstream.baseUrl);
    const stream = await client(m, "/block").chat.completions.create({ model: "m", messages: ask("long"), stream: true });
    const { text, error } = await within(drain(stream));
    expect(error).toBeUndefined();
    expect(text).toBe("echo: long part1 part2 part3 part4 part5 part6 part7");
  });

  it("a stream that stalls mid-way ends with an error event the client can read, after timeout_ms", async () => {
    const stalled = await fault(
      startRawServer((socket) => {
        socket.write(responseHead(200, { "content-type": "text/event-stream", "transfer-encoding": "chunked" }));
        socket.write(chunk(sseChunk("first ")));
      }),
    );
    const m = await proxyTo(stalled.baseUrl);
    const stream = await client(m, "/block").chat.completions.create({ model: "m", messages: ask(), stream: true });
    const { text, error } = await within(drain(stream));
    expect(text).toBe("first ");
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(String((error as Error).message)).toContain("upstream stream interrupted");
    await waitFor(() => m.events.length === 1);
    expect(m.events[0]?.error).toContain("UND_ERR_BODY_TIMEOUT");
  });
});

describe("upstream resets the connection", () => {
  it("before any answer: 502", async () => {
    const resetting = await fault(startRawServer((socket) => socket.resetAndDestroy()));
    const m = await proxyTo(resetting.baseUrl);
    for (const prefix of ["/block", "/pass"]) {
      const error = await within(apiError(client(m, prefix).chat.completions.create({ model: "m", messages: ask() })));
      expect(error.status).toBe(502);
    }
  });

  it("mid-stream: the client gets the chunks so far and then an error event, and the stream ends", async () => {
    const resetting = await fault(
      startRawServer((socket) => {
        socket.write(responseHead(200, { "content-type": "text/event-stream", "transfer-encoding": "chunked" }));
        socket.write(chunk(sseChunk("one ")) + chunk(sseChunk("two ")));
        setTimeout(() => socket.resetAndDestroy(), 50);
      }),
    );
    const m = await proxyTo(resetting.baseUrl);
    for (const prefix of ["/block", "/log", "/pass"]) {
      const stream = await client(m, prefix).chat.completions.create({ model: "m", messages: ask(), stream: true });
      const { text, error } = await within(drain(stream));
      expect(text).toBe("one two ");
      expect(error).toBeInstanceOf(OpenAI.APIError);
    }
    await waitFor(() => m.events.length === 3);
    expect(m.events.every((e) => e.error?.startsWith("upstream stream interrupted"))).toBe(true);
  });

  it("mid-body of a JSON answer: the client sees an incomplete response, not a silently truncated one", async () => {
    const resetting = await fault(
      startRawServer((socket) => {
        socket.write(responseHead(200, { "content-type": "application/json", "content-length": 1000 }));
        socket.write('{"id":"x","object":"chat.comp');
        setTimeout(() => socket.resetAndDestroy(), 50);
      }),
    );
    const m = await proxyTo(resetting.baseUrl);
    const response = await fetch(`${m.url}/block/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "m", messages: ask() }) });
    expect(response.status).toBe(200);
    await expect(within(response.text())).rejects.toThrow();
  });
});

describe("upstream sends malformed data", () => {
  it("malformed SSE is relayed byte for byte and the stream ends when the upstream's does", async () => {
    const garbage = [
      "data: {not json}\n\n",
      ": a comment line\n\n",
      "event: weird\ndata: [1,2,\n\n",
      "data: \u0000\u0001\u00ff binary-ish\r\r",
      `data: ${"x".repeat(300_000)}\n\n`,
      "id: 1\nretry: nope\nnot-a-field\n\n",
      `data: ${JSON.stringify({ choices: "not an array", usage: { total_tokens: "many" } })}\n\n`,
      "data: {\"choices\":[{\"delta\":{\"content\":\"ok\"}}]}",
    ].join("");
    const upstream = await fake();
    upstream.behave((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(garbage);
    });
    const m = await proxyTo(upstream.baseUrl);
    for (const prefix of ["/block", "/log", "/pass"]) {
      const response = await within(fetch(`${m.url}${prefix}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "m", messages: ask(), stream: true }) }));
      expect(response.status).toBe(200);
      expect(await within(response.text())).toBe(garbage);
    }
    expect(m.logs.filter((l) => l.includes('"level":"error"'))).toEqual([]);
  });

  it("an answer that is not HTTP at all is a 502", async () => {
    const liar = await fault(
      startRawServer((socket) => {
        socket.end("this is not an HTTP response\r\n\r\n");
      }),
    );
    const m = await proxyTo(liar.baseUrl);
    const error = await within(apiError(client(m, "/block").chat.completions.create({ model: "m", messages: ask() })));
    expect(error.status).toBe(502);
  });

  it("response headers larger than any sane limit are a 502, not a crash", async () => {
    const bloated = await fault(
      startRawServer((socket) => {
        socket.end(responseHead(200, { "content-type": "application/json", "x-junk": "j".repeat(256 * 1024), "content-length": 2 }) + "{}");
      }),
    );
    const m = await proxyTo(bloated.baseUrl);
    const error = await within(apiError(client(m, "/block").chat.completions.create({ model: "m", messages: ask() })));
    expect(error.status).toBe(502);
  });
});

describe("upstream sends a huge body", () => {
  it("is relayed with backpressure: a client that stops reading stops the upstream, nothing is buffered whole", async () => {
    const TOTAL = 256 * 1024 * 1024;
    const piece = Buffer.alloc(64 * 1024, 0x61);
    let written = 0;
    let waitingForDrain = false;
    const upstream = await fake();
    upstream.behave(async (_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": TOTAL });
      while (written < TOTAL && !res.destroyed) {
        written += piece.length;
        if (!res.write(piece)) {
          waitingForDrain = true;
          await new Promise((resolve) => res.once("drain", resolve));
          waitingForDrain = false;
        }
      }
      res.end();
    });
    const m = await proxyTo(upstream.baseUrl, { timeout_ms: 30_000 });
    const { request } = await import("node:http");
    const response = await new Promise<import("node:http").IncomingMessage>((resolve, reject) => {
      const req = request(`${m.url}/pass/v1/files/huge/content`, resolve);
      req.on("error", reject);
      req.end();
    });
    response.pause();
    // The upstream blocks on drain while our client is not reading...
    await waitFor(() => waitingForDrain, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const writtenWhilePaused = written;
    expect(waitingForDrain).toBe(true);
    // ...having sent only what socket buffers hold, a small share of the body.
    expect(writtenWhilePaused).toBeLessThan(TOTAL / 8);
    let received = 0;
    response.on("data", (c: Buffer) => (received += c.length));
    response.resume();
    await within(new Promise((resolve) => response.on("end", resolve)), 60_000);
    expect(received).toBe(TOTAL);
  });
});
