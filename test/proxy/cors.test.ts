/**
 * Browser apps: a cross-origin chat request with an API key or a JSON body reaches Moat only after
 * the upstream allowed its preflight (forwarded by Moat), so Moat's own answers must be readable by
 * that page too, or a refusal would surface as a network error. Requests a page can send without a
 * preflight get no CORS headers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeUpstream, type FakeUpstream } from "../helpers/fake-upstream.js";
import { keywordFirewalls } from "../helpers/keyword-tier.js";
import { startTestMoat, twoRouteConfig, type TestMoat } from "../helpers/moat.js";

const ORIGIN = "https://app.example.test";
const CHAT = "/support/v1/chat/completions";

let upstream: FakeUpstream;
let moat: TestMoat;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  moat = await startTestMoat({ config: twoRouteConfig(upstream.baseUrl), createFirewall: keywordFirewalls() });
});

afterAll(async () => {
  await moat?.close();
  await upstream?.close();
});

function chat(prompt: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ model: "m", messages: [{ role: "user", content: prompt }], ...extra });
}

async function post(body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${moat.url}${CHAT}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
}

describe("CORS on Moat's own answers", () => {
  it("a refusal to a browser request names its origin and exposes the request id", async () => {
    const response = await post(chat("ATTACK now"), { origin: ORIGIN });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(response.headers.get("vary")).toBe("Origin");
    const exposed = (response.headers.get("access-control-expose-headers") ?? "").split(",").map((h) => h.trim());
    expect(exposed).toEqual(expect.arrayContaining(["x-request-id", "x-moat-event-id"]));
    const body = (await response.json()) as { choices: Array<{ finish_reason: string }> };
    expect(body.choices[0]?.finish_reason).toBe("content_filter");
  });

  it("a streamed refusal and an error envelope carry it too", async () => {
    const streamed = await post(chat("ATTACK now", { stream: true }), { origin: ORIGIN });
    expect(streamed.headers.get("content-type")).toContain("text/event-stream");
    expect(streamed.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    await streamed.text();
    const bad = await post("{not json", { origin: ORIGIN });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    await bad.text();
  });

  it("a request a page could send without a preflight gets none: other sites cannot read Moat's answers", async () => {
    for (const headers of [{}, { "content-type": "text/plain" }, { "content-type": "application/x-www-form-urlencoded; charset=utf-8" }] as Record<string, string>[]) {
      const response = await fetch(`${moat.url}${CHAT}`, { method: "POST", headers: { origin: "https://evil.example.test", ...headers }, body: chat("ATTACK now") });
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
      await response.text();
    }
    const withKey = await fetch(`${moat.url}${CHAT}`, { method: "POST", headers: { origin: ORIGIN, authorization: "Bearer sk-test", "content-type": "text/plain" }, body: chat("ATTACK now") });
    expect(withKey.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    await withKey.text();
  });

  it("requests without an Origin (servers, the SDK in Node) get no CORS headers", async () => {
    const response = await post(chat("ATTACK now"));
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("access-control-expose-headers")).toBeNull();
    await response.text();
  });

  it("the upstream's own CORS answers are relayed as they are: preflight and forwarded answers", async () => {
    upstream.behave((req, res) => {
      res.writeHead(req.method === "OPTIONS" ? 204 : 200, {
        "access-control-allow-origin": "https://only-this.example.test",
        "access-control-allow-methods": "POST",
        "content-type": "application/json",
      });
      res.end(req.method === "OPTIONS" ? undefined : JSON.stringify({ id: "x", object: "chat.completion", created: 0, model: "m", choices: [] }));
    });
    try {
      const preflight = await fetch(`${moat.url}${CHAT}`, { method: "OPTIONS", headers: { origin: ORIGIN, "access-control-request-method": "POST" } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-origin")).toBe("https://only-this.example.test");
      const forwarded = await post(chat("hello"), { origin: ORIGIN });
      expect(forwarded.headers.get("access-control-allow-origin")).toBe("https://only-this.example.test");
      await forwarded.text();
    } finally {
      upstream.behave(undefined);
    }
  });
});
