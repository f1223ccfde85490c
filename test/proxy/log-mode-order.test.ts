/**
 * Log mode keeps the evaluation off the critical path even when the upstream answers faster than
 * the firewall evaluates: the answer's first bytes (a whole JSON answer, or the first chunk of a
 * stream) reach the client's socket before the evaluation starts, and the verdict is still
 * recorded. Checked by the order of events in the proxy, not by timing.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Firewall } from "../../src/firewall/firewall.js";
import type { FirewallTier, TierOutcome } from "../../src/firewall/types.js";
import { startFakeUpstream, type FakeUpstream } from "../helpers/fake-upstream.js";
import { startTestMoat, waitFor, type TestMoat } from "../helpers/moat.js";

let upstream: FakeUpstream;
let moat: TestMoat;
const order: string[] = [];

const recordingTier: FirewallTier = {
  tier: 1,
  name: "recording",
  async evaluate(conversation): Promise<TierOutcome> {
    order.push(`evaluated ${conversation.prompt}`);
    return conversation.prompt.includes("ATTACK")
      ? { decision: "block", category: "violation", explanation: "keyword attack", attackProbability: 0.99 }
      : { decision: "pass", category: "none", explanation: "clean", attackProbability: 0.01 };
  },
};

beforeAll(async () => {
  upstream = await startFakeUpstream();
  moat = await startTestMoat({
    config: {
      listen: { host: "127.0.0.1", port: 0 },
      events: { enabled: false },
      upstreams: { fake: { base_url: upstream.baseUrl, timeout_ms: 5000, connect_timeout_ms: 1000 } },
      routes: [{ name: "default", prefix: "/", upstream: "fake", agent: "./agent.yaml", mode: "log" }],
    },
    createFirewall: (agentFile, options) => Firewall.fromConfig(agentFile, { ...options, tiers: [recordingTier] }),
  });
  // Notes when the proxy hands the answer's bytes to the client's socket.
  moat.proxy.server.prependListener("request", (_req: IncomingMessage, res: ServerResponse) => {
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    let first = true;
    const note = (): void => {
      if (first) order.push("first bytes relayed");
      first = false;
    };
    res.write = ((...args: unknown[]) => {
      note();
      return write(...args);
    }) as ServerResponse["write"];
    res.end = ((...args: unknown[]) => {
      if (args.length > 0 && typeof args[0] !== "function") note();
      return end(...args);
    }) as ServerResponse["end"];
  });
});

afterAll(async () => {
  await moat?.close();
  await upstream?.close();
});

beforeEach(() => {
  order.length = 0;
  upstream.streamIntervalMs = 20;
});

function client(): OpenAI {
  return new OpenAI({ apiKey: "sk-test", baseURL: moat.baseUrl("/"), maxRetries: 0, timeout: 10_000 });
}

describe("log mode: the evaluation waits for the answer to start", () => {
  it("relays a JSON answer before evaluating, and records the verdict", async () => {
    const before = moat.events.length;
    const answer = await client().chat.completions.create({ model: "m", messages: [{ role: "user", content: "ATTACK please" }] });
    expect(answer.choices[0]?.message.content).toBe("echo: ATTACK please");
    await waitFor(() => moat.events.length > before);
    expect(order).toEqual(["first bytes relayed", "evaluated ATTACK please"]);
    expect(moat.events.at(-1)?.outcome).toBe("would_block");
  });

  it("relays a stream's first chunk before evaluating", async () => {
    const before = moat.events.length;
    const stream = await client().chat.completions.create({ model: "m", stream: true, messages: [{ role: "user", content: "hello" }] });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("echo: hello part1 part2");
    await waitFor(() => moat.events.length > before);
    expect(order.slice(0, 2)).toEqual(["first bytes relayed", "evaluated hello"]);
    expect(moat.events.at(-1)?.outcome).toBe("pass");
  });

  it("still evaluates and records when the upstream cannot be reached", async () => {
    upstream.behave((_req, res) => {
      res.destroy();
    });
    try {
      const before = moat.events.length;
      await expect(client().chat.completions.create({ model: "m", messages: [{ role: "user", content: "ATTACK offline" }] })).rejects.toThrow();
      await waitFor(() => moat.events.length > before);
      expect(order).toContain("evaluated ATTACK offline");
      expect(moat.events.at(-1)?.outcome).toBe("would_block");
    } finally {
      upstream.behave(undefined);
    }
  });
});
