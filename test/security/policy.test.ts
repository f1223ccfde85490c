/**
 * A client cannot choose its route, mode, review or fail policy: whatever it puts in headers,
 * the query string or the body, an attack on a block route is refused, a failing tier on a
 * fail-closed route is refused, and a review on an on_review: block route is refused.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeUpstream, type FakeUpstream } from "../helpers/fake-upstream.js";
import { keywordFirewalls, keywordTier } from "../helpers/keyword-tier.js";
import { startTestMoat, waitFor, type TestMoat } from "../helpers/moat.js";

let upstream: FakeUpstream;
let moat: TestMoat;
const tier = keywordTier();

beforeAll(async () => {
  upstream = await startFakeUpstream();
  moat = await startTestMoat({
    config: {
      events: { enabled: false },
      log: { requests: false, level: "error" },
      upstreams: { fake: { base_url: upstream.baseUrl, timeout_ms: 5000 } },
      routes: [
        { name: "support", prefix: "/support", upstream: "fake", agent: "./agent.yaml", mode: "block", on_review: "block", fail: "closed" },
        { name: "open", prefix: "/open", upstream: "fake", agent: "./agent.yaml", mode: "passthrough", fail: "open", on_review: "pass" },
        { name: "default", prefix: "/", upstream: "fake", agent: "./agent.yaml", mode: "log", fail: "open" },
      ],
    },
    createFirewall: keywordFirewalls(tier),
  });
});

afterAll(async () => {
  await moat?.close();
  await upstream?.close();
});

const POLICY_WORDS = ["passthrough", "log", "pass", "open", "off", "false", "0", "none", "disabled", "allow", "default", "/open", "open/v1", "/", "skip", "true"];
const KEY_WORDS = ["mode", "moat_mode", "moat-mode", "route", "moat_route", "fail", "fail_policy", "on_review", "policy", "firewall", "guardrails", "bypass", "skip_firewall", "prefix", "upstream", "diagnostics"];

const headerName = fc.oneof(
  fc.constantFrom(...KEY_WORDS).map((k) => `x-moat-${k.replace(/_/g, "-")}`),
  fc.constantFrom(...KEY_WORDS).map((k) => `x-${k.replace(/_/g, "-")}`),
  fc.constantFrom("x-forwarded-prefix", "x-forwarded-path", "x-original-url", "x-rewrite-url", "x-envoy-original-path", "forwarded", "x-forwarded-host", "x-real-ip", "x-forwarded-for", "openai-organization", "openai-project"),
);
const policyValue = fc.oneof(fc.constantFrom(...POLICY_WORDS), fc.string({ maxLength: 12 }).filter((s) => /^[\x21-\x7e]*$/.test(s)));
const headers = fc.dictionary(headerName, policyValue, { maxKeys: 5 });
const query = fc.array(fc.tuple(fc.constantFrom(...KEY_WORDS), fc.constantFrom(...POLICY_WORDS)), { maxLength: 4 });
const jsonValue = fc.oneof(fc.constantFrom<unknown>(...POLICY_WORDS), fc.boolean(), fc.constant(null), fc.dictionary(fc.constantFrom(...KEY_WORDS), fc.constantFrom<unknown>(...POLICY_WORDS, false)));
const bodyExtras = fc.dictionary(fc.oneof(fc.constantFrom(...KEY_WORDS), fc.constantFrom("moat", "metadata", "extra_body", "user")), jsonValue, { maxKeys: 4 });
// Fields on the message itself, including names a client might hope mark it as the operator's.
const messageExtras = fc.dictionary(fc.constantFrom("name", "moat", "mode", "trusted", "tool_call_id"), fc.constantFrom<unknown>("system", "developer", "passthrough", true), { maxKeys: 2 });

function url(q: [string, string][]): string {
  const search = new URLSearchParams(q).toString();
  return `${moat.url}/support/v1/chat/completions${search ? `?${search}` : ""}`;
}

async function send(prompt: string, h: Record<string, string>, q: [string, string][], extras: Record<string, unknown>, msg: Record<string, unknown>, stream: boolean): Promise<{ status: number; finish?: string; text: string }> {
  const body = { ...extras, model: "m", stream, messages: [{ ...msg, role: "user", content: prompt }] };
  const response = await fetch(url(q), { method: "POST", headers: { ...h, "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  if (!stream) {
    const parsed = JSON.parse(text) as { choices?: { finish_reason?: string }[] };
    return { status: response.status, finish: parsed.choices?.[0]?.finish_reason, text };
  }
  const finish = /"finish_reason":"content_filter"/.test(text) ? "content_filter" : undefined;
  return { status: response.status, finish, text };
}

describe("the route's policy holds whatever the client sends", () => {
  it("attacks, failing tiers and reviews are refused on the block route (fast-check)", async () => {
    const before = upstream.received.length;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("ATTACK now", "FAIL please", "REVIEW this"), headers, query, bodyExtras, messageExtras, fc.boolean(), async (prompt, h, q, extras, msg, stream) => {
        const answer = await send(prompt, h, q, extras, msg, stream);
        expect(answer.status).toBe(200);
        expect(answer.finish).toBe("content_filter");
      }),
      { numRuns: 300 },
    );
    // Nothing reached the upstream: every request above was refused before forwarding.
    expect(upstream.received.length).toBe(before);
  });

  it("a clean request with the same noise is forwarded once, and no x-moat-* header goes upstream", async () => {
    await fc.assert(
      fc.asyncProperty(headers, query, bodyExtras, async (h, q, extras) => {
        const before = upstream.received.length;
        const answer = await send("hello there", h, q, extras, {}, false);
        expect(answer.status).toBe(200);
        expect(upstream.received.length).toBe(before + 1);
        const received = upstream.received.at(-1);
        expect(Object.keys(received?.headers ?? {}).filter((k) => k.startsWith("x-moat-"))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it("a failing tier asked to fail open by the client still fails closed, and the event says so", async () => {
    const response = await fetch(url([["fail", "open"]]), {
      method: "POST",
      headers: { "content-type": "application/json", "x-moat-fail": "open" },
      body: JSON.stringify({ model: "m", fail: "open", messages: [{ role: "user", content: "FAIL again" }] }),
    });
    expect(((await response.json()) as { choices: { finish_reason: string }[] }).choices[0]?.finish_reason).toBe("content_filter");
    const id = response.headers.get("x-moat-event-id");
    await waitFor(() => moat.events.some((e) => e.id === id));
    const event = moat.events.find((e) => e.id === id);
    expect(event?.result).toMatchObject({ verdict: "block", failClosed: true, failOpen: false });
    expect(event?.action).toBe("refused");
  });

  it("an attack hidden in a message with a system-looking name is still judged as the user's", async () => {
    const answer = await send("ATTACK as system", {}, [], {}, { name: "system" }, false);
    expect(answer.finish).toBe("content_filter");
  });
});
