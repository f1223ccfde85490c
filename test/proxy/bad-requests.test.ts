/** Bad requests get OpenAI-style error envelopes with a clear message, never a stack trace. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeUpstream, type FakeUpstream } from "../helpers/fake-upstream.js";
import { keywordFirewalls } from "../helpers/keyword-tier.js";
import { startTestMoat, twoRouteConfig, waitFor, type TestMoat } from "../helpers/moat.js";

let upstream: FakeUpstream;
let moat: TestMoat;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  moat = await startTestMoat({
    config: twoRouteConfig(upstream.baseUrl, { top: { limits: { max_body_bytes: 2048 } } }),
    createFirewall: keywordFirewalls(),
  });
});

afterAll(async () => {
  await moat?.close();
  await upstream?.close();
});

async function post(path: string, body: string | Buffer, headers: Record<string, string> = { "content-type": "application/json" }) {
  const response = await fetch(`${moat.url}${path}`, { method: "POST", headers, body });
  const text = await response.text();
  return { status: response.status, json: JSON.parse(text) as { error: { message: string; type: string; code: string | null; param: string | null } }, headers: response.headers, text };
}

const CHAT = "/support/v1/chat/completions";

describe("bad requests to an intercepted route", () => {
  it("invalid JSON is a 400 naming the problem", async () => {
    const r = await post(CHAT, "{not json");
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ type: "invalid_request_error", code: "invalid_json" });
    expect(r.json.error.message).toContain("not valid JSON");
    expect(r.headers.get("x-moat-event-id")).toMatch(/^evt_/);
  });

  it("a body that is not an object is a 400", async () => {
    const r = await post(CHAT, "[1,2,3]");
    expect(r.status).toBe(400);
    expect(r.json.error.message).toContain('"messages" array');
  });

  it("missing messages is a 400 that names the field", async () => {
    const r = await post(CHAT, JSON.stringify({ model: "m" }));
    expect(r.status).toBe(400);
    expect(r.json.error.param).toBe("messages");
    expect(r.json.error.message).toContain("messages");
  });

  it("malformed messages are a 400 that points at the message", async () => {
    const empty = await post(CHAT, JSON.stringify({ model: "m", messages: [] }));
    expect(empty.status).toBe(400);
    expect(empty.json.error.message).toContain("at least one message");
    const badRole = await post(CHAT, JSON.stringify({ model: "m", messages: [{ content: "hi" }, { role: 3, content: "x" }] }));
    expect(badRole.status).toBe(400);
    expect(badRole.json.error.message).toContain("messages[0].role");
    const badContent = await post(CHAT, JSON.stringify({ model: "m", messages: [{ role: "user", content: 42 }] }));
    expect(badContent.status).toBe(400);
    expect(badContent.json.error.message).toContain("messages[0].content");
    const badStream = await post(CHAT, JSON.stringify({ model: "m", messages: [{ role: "user", content: "x" }], stream: "yes" }));
    expect(badStream.status).toBe(400);
    expect(badStream.json.error.param).toBe("stream");
  });

  it("a key that folds to one the firewall reads is a 400: a case-insensitive upstream would read text Moat never judged", async () => {
    const user = (extra: Record<string, unknown> = {}) => ({ role: "user", content: "hi", ...extra });
    const cases: Array<[unknown, string]> = [
      [{ model: "m", messages: [user()], MESSAGES: [user({ content: "ATTACK" })] }, "MESSAGES"],
      [{ model: "m", messages: [user()], "me\u017f\u017fages": [user({ content: "ATTACK" })] }, "me\u017f\u017fages"],
      [{ model: "m", messages: [user({ Content: "ATTACK" })] }, "messages[0].Content"],
      [{ model: "m", messages: [{ role: "user", content: [{ type: "text", text: "hi", Text: "ATTACK" }] }] }, "messages[0].content[0].Text"],
    ];
    for (const [body, param] of cases) {
      const r = await post(CHAT, JSON.stringify(body));
      expect(r.status).toBe(400);
      expect(r.json.error).toMatchObject({ code: "ambiguous_key", param });
    }
    const fine = await post(CHAT, JSON.stringify({ model: "m", messages: [user(), { role: "assistant", content: "ok", refusal: null, annotations: [] }, user()], Metadata: { a: 1 } }));
    expect(fine.status).toBe(200);
  });

  it("a body over the limit is a 413, by declared length and by counting", async () => {
    const big = JSON.stringify({ model: "m", messages: [{ role: "user", content: "x".repeat(5000) }] });
    const declared = await post(CHAT, big);
    expect(declared.status).toBe(413);
    expect(declared.json.error.code).toBe("request_too_large");
    const chunked = await fetch(`${moat.url}${CHAT}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(big));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it("on a log route a body over the limit is forwarded unjudged, whole, by declared length and by counting", async () => {
    const big = JSON.stringify({ model: "m", messages: [{ role: "user", content: "y".repeat(5000) }] });
    const declared = await fetch(`${moat.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: big });
    expect(declared.status).toBe(200);
    expect(declared.headers.get("x-moat-event-id")).toMatch(/^evt_/);
    await declared.text();
    expect(upstream.received.at(-1)?.body).toBe(big);
    expect(upstream.received.at(-1)?.headers["content-length"]).toBe(String(big.length));
    const id = declared.headers.get("x-moat-event-id");
    await waitFor(() => moat.events.some((e) => e.id === id));
    const event = moat.events.find((e) => e.id === id);
    expect(event).toMatchObject({ route: "default", upstreamStatus: 200, error: "not evaluated: request body is larger than limits.max_body_bytes (2048 bytes)" });

    const pieces = [big.slice(0, 1000), big.slice(1000, 3000), big.slice(3000)];
    const chunked = await fetch(`${moat.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new ReadableStream({
        async start(controller) {
          for (const p of pieces) {
            controller.enqueue(new TextEncoder().encode(p));
            await new Promise((r) => setTimeout(r, 5));
          }
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(200);
    await chunked.text();
    expect(upstream.received.at(-1)?.body).toBe(big);
  });

  it("a content type other than JSON is a 415", async () => {
    const r = await post(CHAT, "messages=hi", { "content-type": "application/x-www-form-urlencoded" });
    expect(r.status).toBe(415);
    expect(r.json.error.code).toBe("unsupported_media_type");
  });

  it("no error body carries a stack trace", async () => {
    for (const body of ["{", "null", '{"messages":"hi"}', '{"messages":[null]}']) {
      const r = await post(CHAT, body);
      expect(r.status).toBe(400);
      expect(r.text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
    }
  });

  it("an unknown path below a prefix is a 404 envelope, and bad paths a 400", async () => {
    const outside = await fetch(`${moat.url}/support/admin`);
    expect(outside.status).toBe(404);
    // fetch() would normalize these paths before sending; node:http sends them as written.
    const { request } = await import("node:http");
    const rawStatus = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${moat.url}/`, { path, method: "GET" });
        req.on("response", (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end();
      });
    for (const path of ["/support/v1/%2e%2e/x", "/support/../v1/models", "/support/v1%2fmodels", "//support/v1/models", "/support\\v1/models"]) {
      expect(await rawStatus(path), path).toBe(400);
    }
    const upper = await fetch(`${moat.url}/SUPPORT/v1/models`);
    expect(upper.status).toBe(404);
  });

  it("a client that disconnects while sending its body is a disconnect, not a proxy failure", async () => {
    const { connect } = await import("node:net");
    const before = moat.events.length;
    await new Promise<void>((resolve, reject) => {
      const socket = connect(moat.proxy.port, "127.0.0.1", () => {
        socket.write(`POST ${CHAT} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"model":"m","mess`);
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 100);
      });
      socket.on("error", reject);
    });
    const { waitFor } = await import("../helpers/moat.js");
    await waitFor(() => moat.events.length > before);
    const event = moat.events.at(-1);
    expect(event).toMatchObject({ route: "support", action: "failed", error: "client disconnected while sending the request body" });
    expect(event?.status).not.toBe(500);
    expect(moat.logs.some((l) => l.includes('"msg":"request failed"'))).toBe(false);
  });

  it("log mode forwards a body it cannot read unchanged, so the client gets the upstream's own answer", async () => {
    upstream.behave((_req, res, body) => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `upstream says no to ${body}`, type: "invalid_request_error", param: null, code: null } }));
    });
    try {
      const r = await post("/v1/chat/completions", "{not json");
      expect(r.status).toBe(400);
      expect(r.json.error.message).toBe("upstream says no to {not json");
      const event = moat.events.filter((e) => e.route === "default" && e.error?.startsWith("not evaluated")).at(-1);
      expect(event?.upstreamStatus).toBe(400);
    } finally {
      upstream.behave(undefined);
    }
  });
});
