import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { JsonlSink } from "../../src/events/jsonl-sink.js";
import { eventsObserver, type EventSettings } from "../../src/events/observer.js";
import { excerpt, shouldStore, storedEventSchema, toStoredEvent } from "../../src/events/record.js";
import { EventStore } from "../../src/events/store.js";
import { EventWriter } from "../../src/events/writer.js";
import { agentConfigFromObject } from "../../src/firewall/config/agent.js";
import { Firewall } from "../../src/firewall/firewall.js";
import { waitFor } from "../helpers/moat.js";
import { evalResult, requestEvent, tempDb } from "./fixtures.js";

const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
  vi.restoreAllMocks();
});

function settings(overrides: Partial<EventSettings> = {}): EventSettings {
  return { storePrompts: true, excerptChars: 500, storePasses: (route) => route === "audited", ...overrides };
}

function writerFor(): { store: EventStore; writer: EventWriter } {
  const file = tempDb();
  const store = EventStore.open(file);
  const writer = new EventWriter(file, { retentionDays: 36_500, maxRows: 1000, flushIntervalMs: 5 });
  cleanup.push(() => store.close());
  cleanup.push(() => writer.close());
  return { store, writer };
}

function setup(s: EventSettings = settings()) {
  const { store, writer } = writerFor();
  const observer = eventsObserver({ writer, settings: () => s });
  return { store, writer, observer };
}

describe("which events are kept", () => {
  it("stores flagged events always, passes only where the route asks, and counts them all", async () => {
    const { store, writer, observer } = setup();
    const pass = evalResult({ verdict: "pass", category: "none", blocked: false, passed: true });
    observer.record(requestEvent({ id: "evt_block", outcome: "block" }));
    observer.record(requestEvent({ id: "evt_review", outcome: "review", result: evalResult({ verdict: "review", category: "uncertain" }) }));
    observer.record(requestEvent({ id: "evt_would", mode: "log", outcome: "would_block", action: "forwarded" }));
    observer.record(requestEvent({ id: "evt_pass", outcome: "pass", result: pass }));
    observer.record(requestEvent({ id: "evt_audited", route: "audited", outcome: "pass", result: pass }));
    observer.record(requestEvent({ id: "evt_passthrough", outcome: "passthrough", result: undefined }));
    observer.record(requestEvent({ id: "evt_badjson", outcome: "pass", action: "rejected", status: 400, result: undefined }));
    await writer.drain();
    expect([...store.iterate({ includePasses: true })].map((e) => e.id).sort()).toEqual(["evt_audited", "evt_block", "evt_review", "evt_would"]);
    expect(store.get("evt_would")).toMatchObject({ outcome: "would_block", verdict: "block", mode: "log" });
    const totals = store.totals(0);
    expect(totals.support).toEqual({ pass: 1, block: 1, review: 1, would_block: 1 });
    expect(totals.audited).toEqual({ pass: 1, block: 0, review: 0, would_block: 0 });
  });

  it("shouldStore follows the same rule", () => {
    expect(shouldStore(requestEvent({ outcome: "block" }), false)).toBe(true);
    expect(shouldStore(requestEvent({ outcome: "pass" }), false)).toBe(false);
    expect(shouldStore(requestEvent({ outcome: "pass" }), true)).toBe(true);
    expect(shouldStore(requestEvent({ outcome: "passthrough", result: undefined }), true)).toBe(false);
  });
});

describe("prompt storage", () => {
  it("cuts the excerpt at prompt_excerpt_chars and records the full length", () => {
    const prompt = "a".repeat(30);
    const stored = toStoredEvent(requestEvent({ result: evalResult({ prompt }) }), { storePrompts: true, excerptChars: 10 });
    expect(stored.prompt).toBe("a".repeat(10));
    expect(stored.prompt_chars).toBe(30);
    expect(storedEventSchema.safeParse(stored).success).toBe(true);
  });

  it("never splits a surrogate pair", () => {
    expect(excerpt("ab😀cd", 3)).toBe("ab");
    expect(excerpt("ab😀cd", 4)).toBe("ab😀");
    expect(excerpt("short", 100)).toBe("short");
  });

  it("stores no prompt and no smuggled text with store_prompts: false", async () => {
    const { store, writer, observer } = setup(settings({ storePrompts: false }));
    const result = evalResult({ prompt: "secret customer text", sanitization: { changed: true, removed: { tag: 6 }, hiddenText: ["hidden order"] } });
    observer.record(requestEvent({ id: "evt_private", result }));
    await waitFor(() => writer.stats.written === 1);
    const stored = store.get("evt_private");
    expect(stored?.prompt).toBeNull();
    expect(stored?.prompt_chars).toBe(20);
    expect(stored?.sanitization).toEqual({ removed: { tag: 6 }, hidden_text: [] });
    expect(JSON.stringify(stored)).not.toContain("secret customer");
    expect(JSON.stringify(stored)).not.toContain("hidden order");
  });

  it("keeps smuggled text out of the explanation and trace of a real Tier 0 block with store_prompts: false", async () => {
    const firewall = await Firewall.fromConfig(agentConfigFromObject({ name: "Bank", scope: { business: "Retail banking support" } }), { judge: "none" });
    try {
      const smuggled = Array.from("my card 4111111111111111 pin 1234", (c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join("");
      const result = await firewall.evaluate([{ role: "user", content: `hello${smuggled}` }]);
      expect(result.tier).toBe(0);
      const withheld = JSON.stringify(toStoredEvent(requestEvent({ result }), { storePrompts: false, excerptChars: 500 }));
      expect(withheld).not.toContain("4111111111111111");
      expect(withheld).toContain("hidden text smuggled in Unicode tag characters");
      const kept = JSON.stringify(toStoredEvent(requestEvent({ result }), { storePrompts: true, excerptChars: 500 }));
      expect(kept).toContain("4111111111111111");
    } finally {
      await firewall.close();
    }
  });

  it("follows settings that change between events (a config reload)", async () => {
    let current = settings({ storePrompts: true });
    const { store, writer } = writerFor();
    const observer = eventsObserver({ writer, settings: () => current });
    observer.record(requestEvent({ id: "evt_before" }));
    current = settings({ storePrompts: false, storePasses: () => true });
    observer.record(requestEvent({ id: "evt_after" }));
    observer.record(requestEvent({ id: "evt_pass_after", outcome: "pass", result: evalResult({ verdict: "pass", category: "none" }) }));
    await waitFor(() => writer.stats.written === 3);
    expect(store.get("evt_before")?.prompt).not.toBeNull();
    expect(store.get("evt_after")?.prompt).toBeNull();
  });
});

describe("trace details", () => {
  it("keeps JSON details and survives details that cannot be serialised", () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    const result = evalResult({
      trace: [
        { tier: 1, name: "detectors", decision: "block", category: "violation", explanation: "x", latencyMs: 1, details: { votes: { block: 2 } } },
        { tier: 3, name: "judge", decision: "skipped", category: "none", explanation: "y", latencyMs: 0, details: circular },
      ],
    });
    const stored = toStoredEvent(requestEvent({ result }), { storePrompts: true, excerptChars: 100 });
    expect(stored.trace[0]?.details).toEqual({ votes: { block: 2 } });
    expect(stored.trace[1]?.details).toEqual({ unserializable: true });
  });

  it("stores a judge reason once it has arrived, without holding the request", async () => {
    const { store, writer, observer } = setup();
    const reason = { text: "The user asks", done: false };
    const result = evalResult({
      tier: 3,
      trace: [{ tier: 3, name: "judge", decision: "block", category: "violation", explanation: "Tier 3 judge: violation (B)", latencyMs: 5, details: { letter: "B", reason } }],
    });
    observer.record(requestEvent({ id: "evt_reason", result }));
    // A reason object the judge did not register resolves at once; the stored copy is taken after that.
    reason.text = "The user asks to ignore the instructions.";
    reason.done = true;
    await waitFor(() => writer.stats.written === 1);
    expect(store.get("evt_reason")?.trace[0]?.details).toMatchObject({ reason: { text: "The user asks to ignore the instructions.", done: true } });
  });
});

describe("JSONL sink", () => {
  it("appends one parseable line per stored event to a file", async () => {
    const file = join(dirname(tempDb()), "logs", "events.jsonl");
    const sink = new JsonlSink(file, { flushIntervalMs: 5 });
    const observer = eventsObserver({ jsonl: sink, settings: () => settings() });
    observer.record(requestEvent({ id: "evt_j1" }));
    observer.record(requestEvent({ id: "evt_j2", outcome: "pass", result: evalResult({ verdict: "pass", category: "none" }) }));
    observer.record(requestEvent({ id: "evt_j3", outcome: "review", result: evalResult({ verdict: "review", category: "uncertain" }) }));
    await observer.close?.();
    await sink.close();
    const lines = readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual(["evt_j1", "evt_j3"]);
    expect(lines[0]).toMatchObject({ kind: "moat_event", route: "support", verdict: "block", outcome: "block" });
    const { kind: _kind, ...event } = lines[0]!;
    expect(storedEventSchema.safeParse(event).success).toBe(true);
  });

  it("writes to stdout in one chunk per flush, not on the request's stack", async () => {
    const writes: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    const sink = new JsonlSink("stdout", { flushIntervalMs: 5 });
    const observer = eventsObserver({ jsonl: sink, settings: () => settings() });
    observer.record(requestEvent({ id: "evt_s1" }));
    observer.record(requestEvent({ id: "evt_s2" }));
    expect(writes).toHaveLength(0);
    await waitFor(() => writes.length === 1);
    expect(writes[0]?.trim().split("\n").map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(["evt_s1", "evt_s2"]);
    await sink.close();
  });

  it("drops and counts lines when its buffer limit is reached", async () => {
    const file = join(dirname(tempDb()), "bounded.jsonl");
    const sink = new JsonlSink(file, { flushIntervalMs: 60_000, maxPendingBytes: 3000 });
    const observer = eventsObserver({ jsonl: sink, settings: () => settings() });
    for (let i = 0; i < 20; i++) observer.record(requestEvent());
    expect(sink.dropped).toBeGreaterThan(0);
    await sink.close();
    expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(20 - sink.dropped);
  });
});
