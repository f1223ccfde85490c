import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { EventStoreError } from "../../src/events/errors.js";
import type { StoredEvent } from "../../src/events/record.js";
import { EventStore, MINUTE_MS } from "../../src/events/store.js";
import { openDatabase } from "../../src/events/sqlite.js";
import { storedEvent, tempDb } from "./fixtures.js";

const opened: EventStore[] = [];
function open(file = tempDb()): EventStore {
  const store = EventStore.open(file);
  opened.push(store);
  return store;
}

afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);

/** A mixed set: two routes, every outcome, several tiers and categories. */
function seed(store: EventStore): StoredEvent[] {
  const events = [
    storedEvent({ id: "evt_a", time: T0, route: "support", outcome: "block", verdict: "block", category: "violation", tier: 1 }),
    storedEvent({ id: "evt_b", time: T0 + 1000, route: "support", outcome: "review", verdict: "review", category: "uncertain", tier: 3 }),
    storedEvent({ id: "evt_c", time: T0 + 2000, route: "default", mode: "log", outcome: "would_block", verdict: "block", category: "off_topic", tier: 3, action: "forwarded" }),
    storedEvent({ id: "evt_d", time: T0 + 3000, route: "default", mode: "log", outcome: "pass", verdict: "pass", category: "none", tier: 1, action: "forwarded" }),
    storedEvent({ id: "evt_e", time: T0 + 4000, route: "support", outcome: "block", verdict: "block", category: "restriction", tier: 0 }),
  ];
  expect(store.insert(events)).toBe(events.length);
  return events;
}

const ids = (events: readonly { id: string }[]) => events.map((e) => e.id);

describe("EventStore: write and read", () => {
  it("round-trips every field, including the trace, booleans and nulls", () => {
    const store = open();
    const event = storedEvent({
      fail_open: true,
      stream: true,
      upstream_status: 200,
      upstream_latency_ms: 12.5,
      sanitization: { removed: { zero_width: 3 }, hidden_text: ["secret"] },
      error: "client disconnected",
    });
    store.insert([event]);
    expect(store.get(event.id)).toEqual(event);
    expect(store.get("evt_missing")).toBeUndefined();
  });

  it("ignores a duplicate id instead of failing the batch", () => {
    const store = open();
    const event = storedEvent();
    expect(store.insert([event, storedEvent(), event])).toBe(2);
    expect(store.size).toBe(2);
  });

  it("uses WAL and creates the indexes for time, route and verdict", () => {
    const file = tempDb();
    open(file);
    const db = openDatabase(file);
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'").all() as { name: string }[]).map((r) => r.name);
      expect(indexes).toEqual(expect.arrayContaining(["events_time", "events_route_time", "events_verdict_time"]));
      const plan = (db.prepare("EXPLAIN QUERY PLAN SELECT * FROM events WHERE route = ? AND time >= ? ORDER BY time DESC").all("x", 0) as { detail: string }[]).map((r) => r.detail).join(" ");
      expect(plan).toMatch(/USING INDEX events_route_time/);
    } finally {
      db.close();
    }
  });
});

describe("EventStore: filters", () => {
  it("lists only flagged events by default, newest first", () => {
    const store = open();
    seed(store);
    expect(ids(store.list().events)).toEqual(["evt_e", "evt_c", "evt_b", "evt_a"]);
    expect(ids(store.list({ includePasses: true }).events)).toEqual(["evt_e", "evt_d", "evt_c", "evt_b", "evt_a"]);
  });

  it("filters by time range (since inclusive, until exclusive)", () => {
    const store = open();
    seed(store);
    expect(ids(store.list({ since: T0 + 1000, until: T0 + 4000 }).events)).toEqual(["evt_c", "evt_b"]);
  });

  it("filters by route", () => {
    const store = open();
    seed(store);
    expect(ids(store.list({ route: "default" }).events)).toEqual(["evt_c"]);
    expect(ids(store.list({ route: "nope" }).events)).toEqual([]);
  });

  it("filters by verdict, and a pass verdict shows stored passes", () => {
    const store = open();
    seed(store);
    expect(ids(store.list({ verdict: "block" }).events)).toEqual(["evt_e", "evt_c", "evt_a"]);
    expect(ids(store.list({ verdict: "pass" }).events)).toEqual(["evt_d"]);
  });

  it("filters by outcome (would_block is log mode's block)", () => {
    const store = open();
    seed(store);
    expect(ids(store.list({ outcome: "would_block" }).events)).toEqual(["evt_c"]);
    expect(ids(store.list({ outcome: "block" }).events)).toEqual(["evt_e", "evt_a"]);
  });

  it("filters by category and tier", () => {
    const store = open();
    seed(store);
    expect(ids(store.list({ category: "restriction" }).events)).toEqual(["evt_e"]);
    expect(ids(store.list({ tier: 3 }).events)).toEqual(["evt_c", "evt_b"]);
    expect(ids(store.list({ tier: 3, category: "off_topic", route: "default" }).events)).toEqual(["evt_c"]);
  });

  it("filters by mark, and marking a pass makes it visible under that mark", () => {
    const store = open();
    seed(store);
    store.mark("evt_a", "false_positive", "customer asked about 'ignore' fees", T0 + 10_000);
    store.mark("evt_d", "missed_attack");
    expect(ids(store.list({ mark: "false_positive" }).events)).toEqual(["evt_a"]);
    expect(ids(store.list({ mark: "missed_attack" }).events)).toEqual(["evt_d"]);
    expect(ids(store.list({ mark: "any" }).events)).toEqual(["evt_d", "evt_a"]);
    expect(ids(store.list({ mark: "none" }).events)).toEqual(["evt_e", "evt_c", "evt_b"]);
    const marked = store.get("evt_a");
    expect(marked).toMatchObject({ mark: "false_positive", mark_note: "customer asked about 'ignore' fees", marked_at: T0 + 10_000 });
    expect(store.mark("evt_a", null)).toMatchObject({ mark: null, mark_note: null, marked_at: null });
    expect(store.mark("evt_missing", "false_positive")).toBeUndefined();
  });

  it("pages with a cursor, without gaps or repeats, also across equal timestamps", () => {
    const store = open();
    const events = Array.from({ length: 25 }, (_, i) => storedEvent({ id: `evt_p${String(i).padStart(2, "0")}`, time: T0 + Math.floor(i / 5) }));
    store.insert(events);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = store.list({ limit: 7, ...(cursor ? { cursor } : {}) });
      seen.push(...ids(page.events));
      if (!page.next) break;
      cursor = page.next;
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect(seen).toEqual([...ids(events)].sort((a, b) => (a < b ? 1 : -1)));
    expect(() => store.list({ cursor: "garbage" })).toThrow(/invalid cursor/);
  });

  it("counts and iterates oldest first with the same filters", () => {
    const store = open();
    seed(store);
    expect(store.count({ route: "support" })).toBe(3);
    expect(ids([...store.iterate({ includePasses: true })])).toEqual(["evt_a", "evt_b", "evt_c", "evt_d", "evt_e"]);
  });
});

describe("EventStore: counts for the chart", () => {
  it("sums per-minute counts into zero-filled buckets, per route or for all", () => {
    const store = open();
    const minute = Math.floor(T0 / MINUTE_MS);
    store.insert([], [
      { minute, route: "support", outcome: "pass", n: 10 },
      { minute, route: "support", outcome: "block", n: 2 },
      { minute: minute + 1, route: "default", outcome: "would_block", n: 1 },
      { minute: minute + 4, route: "support", outcome: "review", n: 3 },
    ]);
    store.insert([], [{ minute, route: "support", outcome: "pass", n: 5 }]);
    const all = store.series({ since: T0, until: T0 + 6 * MINUTE_MS, bucketMs: 2 * MINUTE_MS });
    expect(all.bucket_ms).toBe(2 * MINUTE_MS);
    expect(all.points).toEqual([
      { t: all.since, pass: 15, block: 2, review: 0, would_block: 1 },
      { t: all.since + 2 * MINUTE_MS, pass: 0, block: 0, review: 0, would_block: 0 },
      { t: all.since + 4 * MINUTE_MS, pass: 0, block: 0, review: 3, would_block: 0 },
    ]);
    const support = store.series({ since: T0, until: T0 + 2 * MINUTE_MS, bucketMs: MINUTE_MS, route: "support" });
    expect(support.points.map((p) => p.would_block)).toEqual([0, 0]);
    expect(support.points[0]).toMatchObject({ pass: 15, block: 2 });
    expect(store.totals(T0)).toEqual({
      support: { pass: 15, block: 2, review: 3, would_block: 0 },
      default: { pass: 0, block: 0, review: 0, would_block: 1 },
    });
  });
});

describe("EventStore: retention", () => {
  const DAY = 86_400_000;

  it("deletes events and counts older than the retention age", () => {
    const store = open();
    const now = T0 + 10 * DAY;
    store.insert(
      [storedEvent({ id: "evt_old", time: T0 }), storedEvent({ id: "evt_new", time: now - DAY })],
      [
        { minute: Math.floor(T0 / MINUTE_MS), route: "support", outcome: "pass", n: 4 },
        { minute: Math.floor((now - DAY) / MINUTE_MS), route: "support", outcome: "pass", n: 1 },
      ],
    );
    expect(store.prune({ now, retentionMs: 7 * DAY, maxRows: 100 })).toEqual({ deleted: 1, more: false });
    expect(store.get("evt_old")).toBeUndefined();
    expect(store.get("evt_new")).toBeDefined();
    expect(store.totals(0)).toEqual({ support: { pass: 1, block: 0, review: 0, would_block: 0 } });
    expect(store.size).toBe(1);
  });

  it("keeps at most maxRows, deleting the oldest first, in chunks", () => {
    const store = open();
    const events = Array.from({ length: 30 }, (_, i) => storedEvent({ id: `evt_r${String(i).padStart(2, "0")}`, time: T0 + i }));
    store.insert([...events].reverse());
    const first = store.prune({ now: T0, retentionMs: DAY, maxRows: 10, chunk: 15 });
    expect(first).toEqual({ deleted: 15, more: true });
    const second = store.prune({ now: T0, retentionMs: DAY, maxRows: 10, chunk: 15 });
    expect(second).toEqual({ deleted: 5, more: false });
    expect(store.size).toBe(10);
    expect(store.recount()).toBe(10);
    expect(ids([...store.iterate()])).toEqual(ids(events.slice(20)));
  });
});

describe("EventStore: restart and crash", () => {
  it("keeps everything across close and reopen", () => {
    const file = tempDb();
    const first = EventStore.open(file);
    first.insert([storedEvent({ id: "evt_keep" })], [{ minute: 1, route: "support", outcome: "pass", n: 3 }]);
    first.mark("evt_keep", "false_positive");
    first.close();
    const again = open(file);
    expect(again.get("evt_keep")?.mark).toBe("false_positive");
    expect(again.size).toBe(1);
    expect(again.totals(0).support?.pass).toBe(3);
  });

  it("loses no committed batch when the process is killed without closing", () => {
    const file = tempDb();
    const script = fileURLToPath(new URL("./support/write-then-die.ts", import.meta.url));
    const { VITEST: _vitest, ...env } = process.env;
    const child = spawnSync(process.execPath, ["--import", "tsx", script, file, "200"], { encoding: "utf8", timeout: 20_000, env });
    expect(child.signal).toBe("SIGKILL");
    expect(child.stdout).toContain("committed 200");
    expect(existsSync(`${file}-wal`)).toBe(true);
    const store = open(file);
    expect(store.size).toBe(200);
    const db = openDatabase(file);
    try {
      expect(db.pragma("quick_check", { simple: true })).toBe("ok");
    } finally {
      db.close();
    }
  });
});

describe("EventStore: a damaged or foreign file at start-up", () => {
  it("names the file and says what to do when it is not a database", () => {
    const file = tempDb();
    writeFileSync(file, "this is not a sqlite database, just some text ".repeat(200));
    let error: unknown;
    try {
      EventStore.open(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EventStoreError);
    const message = (error as Error).message;
    expect(message).toContain(file);
    expect(message).toMatch(/not a usable SQLite database/);
    expect(message).toMatch(/move the file aside/);
    // The file is left as it was: the operator decides what to do with it.
    expect(readFileSync(file, "utf8")).toMatch(/^this is not a sqlite database/);
  });

  it("reports a database whose schema pages are damaged", () => {
    const file = tempDb();
    const store = EventStore.open(file);
    store.insert(Array.from({ length: 50 }, () => storedEvent()));
    store.checkpoint();
    store.close();
    const bytes = readFileSync(file);
    // Page 1 holds the schema after the 100-byte header: overwrite its b-tree with noise.
    for (let i = 100; i < 4096 && i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
    writeFileSync(file, bytes);
    expect(() => EventStore.open(file)).toThrow(EventStoreError);
    expect(() => EventStore.open(file)).toThrow(/malformed|not a database|not a usable/);
  });

  it("refuses a store written by a newer schema", () => {
    const file = tempDb();
    const db = openDatabase(file);
    db.pragma("user_version = 99");
    db.close();
    expect(() => EventStore.open(file)).toThrow(/newer Moat \(schema 99/);
  });

  it("with mustExist, says there is no store rather than creating one", () => {
    const file = tempDb();
    expect(() => EventStore.open(file, { mustExist: true })).toThrow(/no event store here/);
    expect(existsSync(file)).toBe(false);
  });
});
