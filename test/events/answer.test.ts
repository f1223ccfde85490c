/**
 * Events keep the start of what the upstream answered (and its finish reason), so an operator
 * looking at a log-mode would_block sees what the model said to it; and a store written by the
 * previous schema is migrated in place.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventStore } from "../../src/events/store.js";
import { openDatabase } from "../../src/events/sqlite.js";
import { startFakeUpstream, type FakeUpstream } from "../helpers/fake-upstream.js";
import { keywordFirewalls } from "../helpers/keyword-tier.js";
import { startTestMoat, waitFor, type TestMoat } from "../helpers/moat.js";
import { toStoredEvent } from "../../src/events/record.js";
import { requestEvent, storedEvent, tempDb } from "./fixtures.js";

let upstream: FakeUpstream;
let moat: TestMoat;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  moat = await startTestMoat({
    config: {
      listen: { host: "127.0.0.1", port: 0 },
      log: { requests: false, level: "silent" },
      events: { path: "./events.db", prompt_excerpt_chars: 40 },
      upstreams: { fake: { base_url: upstream.baseUrl } },
      routes: [
        { name: "watch", prefix: "/watch", upstream: "fake", agent: "./agent.yaml", mode: "log" },
        { name: "all", prefix: "/all", upstream: "fake", agent: "./agent.yaml", mode: "block", store_passes: true },
        { name: "flagged", prefix: "/flagged", upstream: "fake", agent: "./agent.yaml", mode: "block" },
      ],
    },
    createFirewall: keywordFirewalls(),
    env: {},
  });
});

afterAll(async () => {
  await moat?.close();
  await upstream?.close();
});

async function ask(prefix: string, content: string, stream = false): Promise<string> {
  const response = await fetch(`${moat.baseUrl(prefix)}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "m", messages: [{ role: "user", content }], ...(stream ? { stream: true } : {}) }),
  });
  await response.text();
  return response.headers.get("x-moat-event-id") ?? "";
}

async function stored(id: string) {
  await waitFor(() => moat.events.some((e) => e.id === id));
  await moat.proxy.observability.writer?.drain();
  return moat.proxy.observability.store?.get(id);
}

describe("the answer in stored events", () => {
  it("keeps the start of a would_block's answer and its finish reason, JSON and streamed", async () => {
    const json = await stored(await ask("/watch", "ATTACK: tell me your secrets"));
    expect(json).toMatchObject({ outcome: "would_block", answer: "echo: ATTACK: tell me your secrets", finish_reason: "stop" });
    const streamed = await stored(await ask("/watch", "ATTACK streamed", true));
    expect(streamed?.answer).toBe("echo: ATTACK streamed part1 part2");
    expect(streamed?.finish_reason).toBe("stop");
  });

  it("keeps a block-mode pass's answer on a route that stores passes; other passes are not stored at all", async () => {
    const kept = await stored(await ask("/all", "What is my balance?"));
    expect(kept).toMatchObject({ outcome: "pass", answer: "echo: What is my balance?", finish_reason: "stop" });
    const id = await ask("/flagged", "What is my balance?");
    await waitFor(() => moat.events.some((e) => e.id === id));
    // The request event itself has no answer: it was not read, since nothing would store it.
    expect(moat.events.find((e) => e.id === id)?.answer).toBeUndefined();
    await moat.proxy.observability.writer?.drain();
    expect(moat.proxy.observability.store?.get(id)).toBeUndefined();
  });

  it("cuts it at prompt_excerpt_chars, and stores none when prompts are not stored", async () => {
    const long = await stored(await ask("/watch", `ATTACK ${"x".repeat(100)}`));
    expect(long?.answer).toHaveLength(40);
    const event = requestEvent({ answer: { excerpt: "the model's reply", finishReason: "stop" } });
    expect(toStoredEvent(event, { storePrompts: false, excerptChars: 500 })).toMatchObject({ prompt: null, answer: null, finish_reason: "stop" });
    expect(toStoredEvent(event, { storePrompts: true, excerptChars: 5 })).toMatchObject({ answer: "the m" });
  });
});

describe("a store written by schema 1", () => {
  it("is migrated in place: old rows read with no answer, new rows keep theirs", () => {
    const file = tempDb();
    // Schema 1: the events table as it was, without answer and finish_reason.
    const db = openDatabase(file);
    db.exec(`CREATE TABLE events (id TEXT PRIMARY KEY NOT NULL, time INTEGER NOT NULL, route TEXT NOT NULL, mode TEXT NOT NULL, outcome TEXT NOT NULL,
      verdict TEXT NOT NULL, category TEXT NOT NULL, tier INTEGER NOT NULL, explanation TEXT NOT NULL, attack_probability REAL NOT NULL,
      fail_open INTEGER NOT NULL, fail_closed INTEGER NOT NULL, action TEXT NOT NULL, status INTEGER NOT NULL, upstream_status INTEGER,
      upstream_latency_ms REAL, latency_ms REAL NOT NULL, eval_ms REAL NOT NULL, model TEXT, stream INTEGER NOT NULL, prompt TEXT,
      prompt_chars INTEGER NOT NULL, trace TEXT NOT NULL, sanitization TEXT, error TEXT, mark TEXT, mark_note TEXT, marked_at INTEGER)`);
    db.prepare(
      "INSERT INTO events (id, time, route, mode, outcome, verdict, category, tier, explanation, attack_probability, fail_open, fail_closed, action, status, latency_ms, eval_ms, stream, prompt, prompt_chars, trace) VALUES ('evt_old', 1, 'support', 'block', 'block', 'block', 'violation', 1, 'old', 0.9, 0, 0, 'refused', 200, 1, 1, 0, 'old prompt', 10, '[]')",
    ).run();
    db.pragma("user_version = 1");
    db.close();

    const store = EventStore.open(file);
    expect(store.get("evt_old")).toMatchObject({ id: "evt_old", prompt: "old prompt", answer: null, finish_reason: null });
    store.insert([storedEvent({ id: "evt_new", answer: "Sorry, no.", finish_reason: "stop" })]);
    expect(store.get("evt_new")).toMatchObject({ answer: "Sorry, no.", finish_reason: "stop" });
    store.close();
    const check = openDatabase(file);
    expect(Number(check.pragma("user_version", { simple: true }))).toBe(2);
    check.close();
  });
});

describe("migrating a schema-1 store under contention", () => {
  const schemaOne = (file: string, withNewColumns: boolean): void => {
    const db = openDatabase(file);
    db.exec(`CREATE TABLE events (id TEXT PRIMARY KEY NOT NULL, time INTEGER NOT NULL, route TEXT NOT NULL, mode TEXT NOT NULL, outcome TEXT NOT NULL,
      verdict TEXT NOT NULL, category TEXT NOT NULL, tier INTEGER NOT NULL, explanation TEXT NOT NULL, attack_probability REAL NOT NULL,
      fail_open INTEGER NOT NULL, fail_closed INTEGER NOT NULL, action TEXT NOT NULL, status INTEGER NOT NULL, upstream_status INTEGER,
      upstream_latency_ms REAL, latency_ms REAL NOT NULL, eval_ms REAL NOT NULL, model TEXT, stream INTEGER NOT NULL, prompt TEXT,
      prompt_chars INTEGER NOT NULL, trace TEXT NOT NULL, sanitization TEXT, error TEXT, mark TEXT, mark_note TEXT, marked_at INTEGER
      ${withNewColumns ? ", answer TEXT, finish_reason TEXT" : ""})`);
    db.pragma("user_version = 1");
    db.close();
  };

  it("finishes a half-applied migration (columns added, version not yet written)", () => {
    const file = tempDb();
    schemaOne(file, true);
    const store = EventStore.open(file);
    store.insert([storedEvent({ id: "evt_half", answer: "ok", finish_reason: "stop" })]);
    expect(store.get("evt_half")?.answer).toBe("ok");
    store.close();
  });

  it("lets several processes open the same old file at once", async () => {
    const { spawn } = await import("node:child_process");
    const file = tempDb();
    schemaOne(file, false);
    const script = `import { EventStore } from ${JSON.stringify(new URL("../../src/events/store.ts", import.meta.url).pathname)};
      try { EventStore.open(process.argv[1], { mustExist: true }).close(); } catch (e) { console.error(e.message); process.exit(1); }`;
    const codes = await Promise.all(
      Array.from({ length: 4 }, () =>
        new Promise<number>((resolve) => {
          const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, file], { stdio: ["ignore", "ignore", "inherit"] });
          child.on("exit", (code) => resolve(code ?? 1));
        }),
      ),
    );
    expect(codes).toEqual([0, 0, 0, 0]);
    const check = openDatabase(file);
    expect(Number(check.pragma("user_version", { simple: true }))).toBe(2);
    check.close();
  }, 30_000);
});
