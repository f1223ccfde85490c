/**
 * `Firewall.evaluate()` never throws, whatever it is given: any messages array a client can send
 * (and values no client could), with tiers that read every field of the conversation.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Firewall } from "../../src/firewall/firewall.js";
import type { Conversation, EvalResult, FirewallTier, TierOutcome } from "../../src/firewall/types.js";
import { keywordTier } from "../helpers/keyword-tier.js";
import { BANKING_AGENT } from "../helpers/moat.js";
import { chatBody, message, trickyText } from "./arbitraries.js";

/** What the reader tier found wrong in a conversation; a tier's own throw would be swallowed as a failure. */
const problems: string[] = [];

/** A tier that walks everything the cascade hands it, as a real detector would. */
function readerTier(): FirewallTier {
  return {
    tier: 2,
    name: "reader",
    async evaluate(conversation: Conversation): Promise<TierOutcome> {
      const texts = [
        conversation.prompt,
        conversation.originalPrompt,
        conversation.detectionPrompt,
        ...conversation.history.flatMap((t) => [t.user, t.agent]),
        ...conversation.toolContent.map((t) => t.text),
        ...conversation.hiddenText,
        ...conversation.nonTextParts,
      ];
      for (const text of texts) {
        if (typeof text !== "string") problems.push(`a conversation field is not a string: ${typeof text}`);
        else text.normalize("NFKC").toLowerCase();
      }
      if (!(conversation.priorTurns >= 0)) problems.push(`priorTurns is ${conversation.priorTurns}`);
      return { decision: "escalate", category: "uncertain", explanation: `read ${texts.length} texts` };
    },
  };
}

const firewalls = [
  Firewall.withTiers(BANKING_AGENT, []),
  Firewall.withTiers(BANKING_AGENT, [keywordTier(), readerTier()], "closed"),
  Firewall.withTiers({ ...BANKING_AGENT, settings: { ...BANKING_AGENT.settings, session_window: 0 } }, [readerTier()], "open"),
];

function expectWellFormed(result: EvalResult): void {
  expect(["pass", "block", "review"]).toContain(result.verdict);
  expect(["none", "off_topic", "violation", "restriction", "uncertain"]).toContain(result.category);
  expect(typeof result.explanation).toBe("string");
  expect(typeof result.prompt).toBe("string");
  expect(result.blocked).toBe(result.verdict === "block");
  expect(result.passed).toBe(result.verdict === "pass");
  expect(Number.isFinite(result.latencyMs)).toBe(true);
  expect(result.attackProbability).toBeGreaterThanOrEqual(0);
  expect(result.attackProbability).toBeLessThanOrEqual(1);
  expect(Array.isArray(result.trace)).toBe(true);
  expect(() => JSON.stringify(result)).not.toThrow();
  expect(result.trace.filter((t) => t.failed && t.name === "reader")).toEqual([]);
  expect(problems).toEqual([]);
}

describe("Firewall.evaluate never throws", () => {
  it("on arrays of arbitrary messages (thousands of cases)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(message, { maxLength: 12 }), fc.nat(firewalls.length - 1), async (messages, which) => {
        expectWellFormed(await (firewalls[which] as Firewall).evaluate(messages));
      }),
      { numRuns: 3000 },
    );
  });

  it("on whole request bodies' messages fields, whatever their type", async () => {
    await fc.assert(
      fc.asyncProperty(chatBody, async (body) => {
        const messages = (body as { messages?: unknown } | null)?.messages;
        const input = Array.isArray(messages) ? messages : [messages];
        for (const firewall of firewalls) expectWellFormed(await firewall.evaluate(input));
      }),
      { numRuns: 1000 },
    );
  });

  it("on prompt strings with any code units, lone surrogates and tag characters included", async () => {
    await fc.assert(
      fc.asyncProperty(trickyText, async (prompt) => {
        for (const firewall of firewalls) expectWellFormed(await firewall.evaluate(prompt));
      }),
      { numRuns: 2000 },
    );
  });

  it("on arrays whose elements are getters that throw, proxies and frozen objects", async () => {
    const hostile: unknown[] = [
      Object.freeze({ role: "user", content: Object.freeze([Object.freeze({ type: "text", text: "frozen" })]) }),
      Object.create(null, { role: { value: "user", enumerable: true }, content: { value: "no prototype", enumerable: true } }),
      { role: "user", get content(): string { throw new Error("getter exploded"); } },
      new Proxy({}, { get: () => { throw new Error("proxy exploded"); } }),
      { role: "user", content: [{ type: "text", get text(): string { throw new Error("part getter"); } }] },
      { role: { toString: () => "user" }, content: "role is an object" },
    ];
    for (const item of hostile) {
      for (const firewall of firewalls) {
        const result = await firewall.evaluate([item]);
        expectWellFormed(result);
      }
    }
  });

  it("on very large inputs: 100k messages and a 4 MB prompt", async () => {
    const many = Array.from({ length: 100_000 }, (_, i) => ({ role: i % 3 === 0 ? "user" : i % 3 === 1 ? "assistant" : "tool", content: `m${i}\u200b` }));
    for (const firewall of firewalls) expectWellFormed(await firewall.evaluate(many));
    const long = `${"word ".repeat(800_000)}\u{E0041}\u{E0054}\u{E0054}`;
    for (const firewall of firewalls) expectWellFormed(await firewall.evaluate(long));
  });
});
