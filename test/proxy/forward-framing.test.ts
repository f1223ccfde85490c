/**
 * Bodies forwarded as is keep the client's framing: a declared length goes upstream as
 * content-length (one write, no chunk framing), a chunked body stays chunked, and either way the
 * upstream receives the same bytes.
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeUpstream, type FakeUpstream } from "../helpers/fake-upstream.js";
import { keywordFirewalls, keywordTier } from "../helpers/keyword-tier.js";
import { startTestMoat, twoRouteConfig, type TestMoat } from "../helpers/moat.js";

let upstream: FakeUpstream;
let moat: TestMoat;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  moat = await startTestMoat({
    config: twoRouteConfig(upstream.baseUrl, {
      top: {
        routes: [
          { name: "open", prefix: "/open", upstream: "fake", agent: "./agent.yaml", mode: "passthrough" },
          { name: "default", prefix: "/", upstream: "fake", agent: "./agent.yaml", mode: "log" },
        ],
      },
    }),
    createFirewall: keywordFirewalls(keywordTier()),
  });
});

afterAll(async () => {
  await moat?.close();
  await upstream?.close();
});

interface Sent {
  status: number;
  body: string;
}

/** Sends a body in pieces; with `length` set it is declared, otherwise node sends it chunked. */
function send(path: string, method: string, pieces: string[], length?: number): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { "content-type": "application/json" };
    if (length !== undefined) headers["content-length"] = length;
    const req = request(`${moat.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    let i = 0;
    const next = (): void => {
      if (i === pieces.length) {
        req.end();
        return;
      }
      req.write(pieces[i++]);
      setTimeout(next, 5);
    };
    next();
  });
}

const BODY = JSON.stringify({ model: "fake-embed", input: "a sentence to embed, sent in three pieces" });
const PIECES = [BODY.slice(0, 10), BODY.slice(10, 30), BODY.slice(30)];

describe("forwarding a body as is", () => {
  it("sends a declared length upstream as content-length, not chunked, with the same bytes", async () => {
    const sent = await send("/open/v1/embeddings", "POST", PIECES, Buffer.byteLength(BODY));
    expect(sent.status).toBe(200);
    const got = upstream.received.at(-1);
    expect(got?.body).toBe(BODY);
    expect(got?.headers["content-length"]).toBe(String(Buffer.byteLength(BODY)));
    expect(got?.headers["transfer-encoding"]).toBeUndefined();
  });

  it("keeps a chunked body chunked, with the same bytes", async () => {
    const sent = await send("/open/v1/embeddings", "POST", PIECES);
    expect(sent.status).toBe(200);
    const got = upstream.received.at(-1);
    expect(got?.body).toBe(BODY);
    expect(got?.headers["content-length"]).toBeUndefined();
    expect(got?.headers["transfer-encoding"]).toBe("chunked");
  });

  it("declares the length on the log route's non-chat paths too, and an empty declared body stays empty", async () => {
    const sent = await send("/v1/embeddings", "POST", PIECES, Buffer.byteLength(BODY));
    expect(sent.status).toBe(200);
    expect(upstream.received.at(-1)?.headers["content-length"]).toBe(String(Buffer.byteLength(BODY)));

    const empty = await send("/open/v1/files/file-1", "DELETE", [], 0);
    expect(empty.status).toBe(200);
    const got = upstream.received.at(-1);
    expect(got?.method).toBe("DELETE");
    expect(got?.body).toBe("");
  });

  it("a client that declares more than it sends never gets a complete upstream request", async () => {
    const before = upstream.received.length;
    await new Promise<void>((resolve) => {
      const req = request(`${moat.url}/open/v1/embeddings`, { method: "POST", headers: { "content-type": "application/json", "content-length": 1000 } });
      req.on("error", () => resolve());
      req.write(BODY);
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });
    await new Promise((r) => setTimeout(r, 200));
    // The upstream may have seen the head; it must never have seen a finished request of the wrong size.
    const finished = upstream.received.slice(before).filter((r) => r.url === "/v1/embeddings");
    expect(finished).toEqual([]);
  });
});

/** Sends headers with `Expect: 100-continue` and the body only once Moat says to continue, as curl does for large bodies. */
function sendExpectingContinue(path: string, method: string, body: string): Promise<Sent & { continued: boolean }> {
  return new Promise((resolve, reject) => {
    let continued = false;
    const headers: Record<string, string | number> = { expect: "100-continue" };
    if (body) {
      headers["content-type"] = "application/json";
      headers["content-length"] = Buffer.byteLength(body);
    }
    const req = request(`${moat.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), continued }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.on("continue", () => {
      continued = true;
      req.end(body);
    });
    if (!body) req.end();
  });
}

describe("Expect: 100-continue", () => {
  const CHAT = JSON.stringify({ model: "fake-model", messages: [{ role: "user", content: "What is my balance?" }] });

  it.each([
    ["the passthrough route", "/open/v1/chat/completions", "POST", CHAT],
    ["the log route's chat path", "/v1/chat/completions", "POST", CHAT],
    ["an embeddings call", "/v1/embeddings", "POST", BODY],
  ])("is answered by Moat, and the body goes upstream without the header, on %s", async (_, path, method, body) => {
    const sent = await sendExpectingContinue(path, method, body);
    expect(sent.status).toBe(200);
    expect(sent.continued).toBe(true);
    const got = upstream.received.at(-1);
    expect(got?.body).toBe(body);
    expect(got?.headers.expect).toBeUndefined();
  });

  it("does not break a request without a body", async () => {
    const before = upstream.received.length;
    const req = request(`${moat.url}/open/v1/models`, { method: "GET", headers: { expect: "100-continue" } });
    const status = await new Promise<number>((resolve, reject) => {
      req.on("response", (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(200);
    expect(upstream.received.length).toBe(before + 1);
    expect(upstream.received.at(-1)?.headers.expect).toBeUndefined();
  });
});
