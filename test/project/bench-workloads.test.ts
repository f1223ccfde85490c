/**
 * The benchmark's request bodies: each request gets a prompt of its own (Tier 1 caches scores by
 * text, so a body sent over and over would measure the cache), and every body is one the shipped
 * firewall forwards, so block mode is measured on its whole path.
 */
import { describe, expect, it } from "vitest";
import { Firewall } from "../../src/firewall/firewall.js";
import type { ChatMessage } from "../../src/firewall/types.js";
import { agentWorkload, workloads } from "../../bench/workloads.js";

function messagesOf(body: Buffer): ChatMessage[] {
  return (JSON.parse(body.toString("utf8")) as { messages: ChatMessage[] }).messages;
}

function promptOf(body: Buffer): string {
  const user = messagesOf(body).filter((m) => m.role === "user");
  return String(user.at(-1)?.content);
}

describe("bench workloads", () => {
  it.each(workloads().map((w) => [w.name, w] as const))("%s: every request has its own prompt, and stream bodies ask for a stream", (_name, w) => {
    const bodies = Array.from({ length: 12 }, () => w.next(false));
    const streams = Array.from({ length: 4 }, () => w.next(true));
    for (const b of [...bodies, ...streams]) expect(() => JSON.parse(b.toString("utf8"))).not.toThrow();
    for (const s of streams) expect(s.includes('"stream":true')).toBe(true);
    for (const b of bodies) expect(b.includes('"stream":true')).toBe(false);
    const prompts = new Set([...bodies, ...streams].map(promptOf));
    // The agent workload re-sends a loop's prompt on each of its 4 round trips, as an agent does.
    expect(prompts.size).toBe(w.name === "agent" ? 4 : 16);
  });

  it("small and large bodies keep one length, the figure the report prints", () => {
    for (const w of workloads().filter((x) => x.name !== "agent")) {
      const lengths = new Set(Array.from({ length: 50 }, () => w.next(false).length));
      expect([...lengths]).toEqual([w.json.length]);
      expect(promptOf(w.json)).toHaveLength(w.promptChars);
    }
  });

  it("an agent loop grows by one tool call and result per round trip, then a new loop starts", () => {
    const w = agentWorkload();
    const loop = Array.from({ length: 5 }, () => messagesOf(w.next(false)));
    expect(loop.map((m) => m.length)).toEqual([2, 4, 6, 8, 2]);
    expect(loop[3]?.slice(0, 6)).toEqual(loop[2]);
    expect(promptOf(Buffer.from(JSON.stringify({ messages: loop[4] })))).not.toBe(promptOf(Buffer.from(JSON.stringify({ messages: loop[0] }))));
  });

  it("the shipped firewall forwards every body of every workload", async () => {
    const firewall = await Firewall.fromConfig("agent.yaml", { judge: "none" });
    try {
      for (const w of workloads()) {
        for (let i = 0; i < 8; i++) {
          const result = await firewall.evaluate(messagesOf(w.next(false)));
          expect(result.verdict, `${w.name} body ${i}: ${result.explanation}`).toBe("pass");
        }
      }
    } finally {
      await firewall.close();
    }
  });
});
