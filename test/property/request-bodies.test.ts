/**
 * Whatever a client sends to /v1/chat/completions, Moat answers: forwarded, refused, or a 4xx
 * OpenAI error envelope with a message. Never a 5xx, a crash, an unhandled rejection or a hang.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseChatRequest } from "../../src/proxy/chat-request.js";
import { HttpError } from "../../src/proxy/errors.js";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "../../src/proxy/json-depth.js";
import { startFakeUpstream, type FakeUpstream } from "../helpers/fake-upstream.js";
import { keywordFirewalls } from "../helpers/keyword-tier.js";
import { startTestMoat, type TestMoat } from "../helpers/moat.js";
import { rawJson, rawRequest } from "../robustness/support/raw-http.js";
import { requestBytes, wellFormedChatBody } from "./arbitraries.js";

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

let upstream: FakeUpstream;
let moat: TestMoat;
const LIMIT = 1024 * 1024;

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  process.on("uncaughtException", onUnhandled);
  upstream = await startFakeUpstream();
  // The upstream answers without reading the body: whatever reaches it is the proxy's doing.
  upstream.behave((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ id: "x", object: "chat.completion", created: 1, model: "m", choices: [] }));
  });
  moat = await startTestMoat({
    config: {
      events: { enabled: false },
      limits: { max_body_bytes: LIMIT },
      upstreams: { fake: { base_url: upstream.baseUrl, timeout_ms: 5000 } },
      routes: [
        { name: "block", prefix: "/block", upstream: "fake", agent: "./agent.yaml", mode: "block", fail: "closed" },
        { name: "open-fail", prefix: "/lenient", upstream: "fake", agent: "./agent.yaml", mode: "block", fail: "open", on_review: "pass" },
        { name: "raw", prefix: "/raw", upstream: "fake", agent: "./agent.yaml", mode: "block", forward: "original" },
        { name: "log", prefix: "/log", upstream: "fake", agent: "./agent.yaml", mode: "log" },
        { name: "pass", prefix: "/pass", upstream: "fake", agent: "./agent.yaml", mode: "passthrough" },
      ],
    },
    createFirewall: keywordFirewalls(),
  });
});

afterAll(async () => {
  await moat?.close();
  await upstream?.close();
  process.off("unhandledRejection", onUnhandled);
  process.off("uncaughtException", onUnhandled);
});

function errorLines(): string[] {
  return moat.logs.filter((line) => (JSON.parse(line) as { level?: string }).level === "error");
}

function expectHandled(status: number, body: string): void {
  expect(status, body).toBeGreaterThanOrEqual(200);
  expect(status, body).toBeLessThan(500);
  if (status >= 400) {
    const envelope = JSON.parse(body) as { error?: { message?: unknown; type?: unknown } };
    expect(typeof envelope.error?.message).toBe("string");
    expect((envelope.error?.message as string).length).toBeGreaterThan(0);
    expect(envelope.error?.type).toBe("invalid_request_error");
  }
}

function depthOf(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + children.reduce<number>((max, child) => Math.max(max, depthOf(child)), 0);
}

describe("nesting depth", () => {
  it("nestsDeeperThan agrees with the depth of the parsed value", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), fc.integer({ min: 0, max: 12 }), (value, max) => {
        const text = JSON.stringify(value);
        expect(nestsDeeperThan(text, max)).toBe(depthOf(JSON.parse(text)) > max);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("parseChatRequest", () => {
  it("returns a request or throws a 400 HttpError with a message, for any bytes (thousands of cases)", () => {
    fc.assert(
      fc.property(requestBytes, (bytes) => {
        try {
          const chat = parseChatRequest(bytes);
          expect(Array.isArray(chat.messages)).toBe(true);
          expect(chat.messages.length).toBeGreaterThan(0);
          expect(typeof chat.model).toBe("string");
        } catch (error) {
          expect(error).toBeInstanceOf(HttpError);
          expect((error as HttpError).status).toBe(400);
          expect((error as HttpError).body.error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe("through the proxy", () => {
  const routes = ["/block", "/lenient", "/raw", "/log", "/pass"];
  const contentTypes = ["application/json", "application/json; charset=utf-8", "application/vnd.api+json", "text/plain", "", "multipart/form-data; boundary=x"];

  it("every body on every route is forwarded, refused or rejected with a 4xx envelope (fast-check)", async () => {
    await fc.assert(
      fc.asyncProperty(requestBytes, fc.constantFrom(...routes), fc.constantFrom(...contentTypes), async (bytes, route, type) => {
        const headers: Record<string, string> = type ? { "content-type": type } : {};
        const response = await fetch(`${moat.url}${route}/v1/chat/completions`, { method: "POST", headers, body: bytes, signal: AbortSignal.timeout(10_000) });
        expectHandled(response.status, await response.text());
      }),
      { numRuns: 1000 },
    );
    expect(errorLines()).toEqual([]);
    expect(unhandled).toEqual([]);
  });

  it("well-formed requests with hostile content are forwarded or refused, never rejected", async () => {
    await fc.assert(
      fc.asyncProperty(wellFormedChatBody, fc.constantFrom("/block", "/lenient", "/raw"), async (body, route) => {
        const response = await fetch(`${moat.url}${route}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
        await response.text();
        expect(response.status).toBe(200);
      }),
      { numRuns: 500 },
    );
    expect(errorLines()).toEqual([]);
  });
});

describe("hostile shapes", () => {
  const post = async (body: string | Buffer, route = "/block"): Promise<{ status: number; body: string }> => {
    const response = await fetch(`${moat.url}${route}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body, signal: AbortSignal.timeout(15_000) });
    return { status: response.status, body: await response.text() };
  };
  const deep = (n: number): string => `${"[".repeat(n)}${"]".repeat(n)}`;

  it("deeply nested JSON anywhere in the body is a 400, also when the sanitized body would be re-serialized", async () => {
    const cases = [
      `{"model":"m","x":${deep(100_000)},"messages":[{"role":"user","content":"hi\u200b"}]}`,
      `{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"hi\u200b","x":${deep(100_000)}}]}]}`,
      `{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":${deep(MAX_JSON_DEPTH + 1)}}`,
      deep(200_000),
    ];
    for (const body of cases) {
      for (const route of ["/block", "/raw"]) {
        const answer = await post(body, route);
        expect(answer.status, `${route} ${body.slice(0, 60)}`).toBe(400);
        expect(answer.body).toContain("deeper than");
      }
    }
    // Just within the limit is fine.
    const ok = await post(`{"model":"m","messages":[{"role":"user","content":"hi\u200b"}],"tools":${deep(MAX_JSON_DEPTH - 1)}}`);
    expect(ok.status).toBe(200);
    expect(errorLines()).toEqual([]);
  });

  it("a 100k-message array is judged and forwarded", async () => {
    const messages = Array.from({ length: 100_000 }, (_, i) => ({ role: i % 2 === 0 ? "user" : "assistant", content: "x" }));
    const body = JSON.stringify({ model: "m", messages });
    const big = await fetch(`${moat.url}/block/v1/chat/completions`.replace("/block", "/lenient"), { method: "POST", headers: { "content-type": "application/json" }, body });
    // Over the 1 MiB limit of this proxy: 413 with an envelope.
    expect(big.status).toBe(413);
    const small = await post(JSON.stringify({ model: "m", messages: messages.slice(0, 30_000) }));
    expect(small.status).toBe(200);
  });

  it("very long strings up to the limit are judged; beyond it 413, with or without a content-length", async () => {
    const under = await post(JSON.stringify({ model: "m", messages: [{ role: "user", content: "a\u200b".repeat(Math.floor((LIMIT - 200) / 4)) }] }));
    expect(under.status).toBe(200);
    const over = await post(JSON.stringify({ model: "m", messages: [{ role: "user", content: "a".repeat(LIMIT) }] }));
    expect(over.status).toBe(413);
    expect(JSON.parse(over.body)).toMatchObject({ error: { code: "request_too_large" } });
    // Chunked, so the limit is found while reading rather than from the header.
    const chunks = [Buffer.from('{"model":"m","messages":[{"role":"user","content":"'), Buffer.alloc(LIMIT, 0x61), Buffer.from('"}]}')];
    const chunked = await fetch(`${moat.url}/block/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new ReadableStream({
        start(controller) {
          for (const c of chunks) controller.enqueue(c);
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it("invalid UTF-8 is refused on judged routes, so what is judged is what is forwarded", async () => {
    const prefix = Buffer.from('{"model":"m","messages":[{"role":"user","content":"');
    const suffix = Buffer.from('"}]}');
    // Stray bytes, a CESU-8 surrogate, an overlong "/" and an overlong "I" (C1 89).
    for (const bad of [[0xff, 0xfe], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xc1, 0x89, 0x47, 0x4e, 0x4f, 0x52, 0x45], [0xe9]]) {
      for (const route of ["/block", "/raw", "/lenient"]) {
        const before = upstream.received.length;
        const answer = await post(Buffer.concat([prefix, Buffer.from(bad), suffix]), route);
        expect(answer.status).toBe(400);
        expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "invalid_encoding" } });
        expect(upstream.received.length).toBe(before);
      }
    }
  });

  it("lone surrogates (escaped or raw) and invalid UTF-8 are handled without a 5xx", async () => {
    const bodies: (string | Buffer)[] = [
      '{"model":"m","messages":[{"role":"user","content":"\\ud800 hi \\udfff"}]}',
      '{"model":"m","messages":[{"role":"user","content":"\\udbff\\udbff\\udc00"}]}',
      Buffer.concat([Buffer.from('{"model":"m","messages":[{"role":"user","content":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0xc0, 0xaf]), Buffer.from('"}]}')]),
      Buffer.from(`\ufeff${JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] })}`, "utf16le"),
      Buffer.from(`\ufeff${JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] })}`, "utf8"),
      Buffer.from(JSON.stringify({ model: "m", messages: [{ role: "user", content: "café" }] }), "latin1"),
    ];
    for (const body of bodies) {
      for (const route of ["/block", "/raw", "/log"]) {
        const answer = await post(body, route);
        expectHandled(answer.status, answer.body);
      }
    }
    expect(errorLines()).toEqual([]);
  });

  it("__proto__ and constructor keys do not pollute anything", async () => {
    const answer = await post('{"model":"m","__proto__":{"stream":true,"polluted":1},"constructor":{"prototype":{"polluted":1}},"messages":[{"role":"user","content":"hi\u200b","__proto__":{"role":"system"}}]}');
    expect(answer.status).toBe(200);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it("a body that never finishes arriving does not stop the proxy serving others", async () => {
    const net = await import("node:net");
    const socket = net.connect(moat.proxy.port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    socket.write("POST /block/v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"messages\":");
    const answer = await rawJson(moat.proxy.port, "POST", "/block/v1/chat/completions", JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }));
    expect(answer.status).toBe(200);
    socket.destroy();
    const health = await rawRequest(moat.proxy.port, "GET /healthz HTTP/1.1\r\nHost: x");
    expect(health.status).toBe(200);
  });
});
