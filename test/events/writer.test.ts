import { afterEach, describe, expect, it } from "vitest";
import { EventStore } from "../../src/events/store.js";
import { EventWriter, type WriterOptions } from "../../src/events/writer.js";
import { openDatabase, type Database } from "../../src/events/sqlite.js";
import { waitFor } from "../helpers/moat.js";
import { storedEvent, tempDb } from "./fixtures.js";

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0).reverse()) fn();
});

function setup(options: Partial<WriterOptions> = {}, file = tempDb()): { store: EventStore; writer: EventWriter; file: string; errors: string[] } {
  const store = EventStore.open(file, { busyTimeoutMs: 20 });
  const errors: string[] = [];
  const writer = new EventWriter(store, { retentionDays: 30, maxRows: 1_000_000, onError: (m) => errors.push(m), ...options });
  cleanup.push(() => store.close());
  cleanup.push(() => writer.close());
  return { store, writer, file, errors };
}

function otherConnection(file: string): Database {
  const db = openDatabase(file, { timeout: 5000 });
  cleanup.push(() => db.close());
  return db;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("EventWriter", () => {
  it("never writes on the caller's stack: events wait for the timer", async () => {
    const { store, writer } = setup({ batchSize: 100, flushIntervalMs: 20 });
    for (let i = 0; i < 3; i++) writer.push(storedEvent());
    expect(writer.stats.written).toBe(0);
    expect(store.size).toBe(0);
    await waitFor(() => writer.stats.written === 3);
    expect(writer.stats.flushes).toBe(1);
    expect(store.size).toBe(3);
  });

  it("flushes a full batch on the next turn of the event loop, in batches of batchSize", async () => {
    const { store, writer } = setup({ batchSize: 10, flushIntervalMs: 60_000 });
    for (let i = 0; i < 25; i++) writer.push(storedEvent());
    expect(store.size).toBe(0);
    await tick();
    expect(store.size).toBe(10);
    await waitFor(() => writer.stats.queued === 5);
    // The last 5 are below batchSize: they wait for the (long) timer, or for close().
    writer.close();
    expect(store.size).toBe(25);
    expect(writer.stats.dropped).toBe(0);
  });

  it("writes per-minute counts with the events, merged", async () => {
    const { store, writer } = setup({ flushIntervalMs: 5 });
    const t = Date.UTC(2025, 0, 1, 10, 0, 30);
    writer.count(t, "support", "pass");
    writer.count(t + 1000, "support", "pass");
    writer.count(t, "support", "block");
    writer.count(t + 60_000, "default", "would_block");
    await waitFor(() => writer.stats.flushes === 1);
    expect(store.totals(0)).toEqual({
      support: { pass: 2, block: 1, review: 0, would_block: 0 },
      default: { pass: 0, block: 0, review: 0, would_block: 1 },
    });
  });

  it("bounds the queue and counts what it drops", () => {
    const { store, writer } = setup({ batchSize: 1000, flushIntervalMs: 60_000, maxQueue: 5 });
    for (let i = 0; i < 8; i++) writer.push(storedEvent());
    expect(writer.stats.queued).toBe(5);
    expect(writer.stats.dropped).toBe(3);
    writer.close();
    expect(store.size).toBe(5);
  });

  it("keeps a batch and retries when another process holds the write lock", async () => {
    const { store, writer, file, errors } = setup({ batchSize: 1000, flushIntervalMs: 10 });
    const other = otherConnection(file);
    other.exec("BEGIN IMMEDIATE");
    for (let i = 0; i < 20; i++) writer.push(storedEvent());
    await waitFor(() => errors.some((e) => e.includes("locked")));
    expect(writer.stats.written).toBe(0);
    expect(writer.stats.queued).toBe(20);
    other.exec("COMMIT");
    await waitFor(() => writer.stats.written === 20, 10_000);
    expect(writer.stats.dropped).toBe(0);
    expect(store.size).toBe(20);
  });

  it("counts a batch that fails for good as dropped and reports it once", () => {
    const { store, writer, errors } = setup({ batchSize: 1000, flushIntervalMs: 60_000 });
    store.close();
    writer.push(storedEvent());
    writer.push(storedEvent());
    writer.flush();
    writer.push(storedEvent());
    writer.flush();
    expect(writer.stats.dropped).toBe(3);
    expect(writer.stats.failedBatches).toBe(2);
    expect(errors.filter((e) => e.includes("write failed"))).toHaveLength(1);
  });

  it("applies max_rows after writing, deleting the oldest", async () => {
    const { store, writer } = setup({ batchSize: 50, flushIntervalMs: 5, maxRows: 100 });
    const base = Date.now();
    for (let i = 0; i < 250; i++) writer.push(storedEvent({ id: `evt_m${String(i).padStart(3, "0")}`, time: base + i }));
    await waitFor(() => writer.stats.written === 250 && store.size === 100, 10_000);
    expect(store.recount()).toBe(100);
    expect([...store.iterate()][0]?.id).toBe("evt_m150");
  });

  it("applies the age limit on start-up", () => {
    const file = tempDb();
    const seeded = EventStore.open(file);
    seeded.insert([storedEvent({ id: "evt_ancient", time: Date.now() - 40 * 86_400_000 }), storedEvent({ id: "evt_recent", time: Date.now() })]);
    seeded.close();
    const { store, writer } = setup({ retentionDays: 30 }, file);
    writer.pruneStep();
    expect(store.get("evt_ancient")).toBeUndefined();
    expect(store.get("evt_recent")).toBeDefined();
  });

  it("stores every event under load while another connection marks and locks concurrently", async () => {
    const { store, writer, file } = setup({ batchSize: 200, flushIntervalMs: 5, maxQueue: 100_000 });
    const other = otherConnection(file);
    const total = 20_000;
    const burst = 400;
    let pushed = 0;
    let marks = 0;
    let locks = 0;
    // "Requests" arrive in bursts on separate turns of the event loop, as they would in the proxy.
    while (pushed < total) {
      for (let i = 0; i < burst; i++) writer.push(storedEvent({ id: `evt_load${pushed++}`, time: Date.now() }));
      if (pushed % 4000 === 0) {
        // The CLI marking events, and once in a while holding the lock for a moment.
        const marked = other.prepare("UPDATE events SET mark = 'false_positive' WHERE id = ?").run(`evt_load${pushed - 5000}`).changes;
        marks += marked;
        other.exec("BEGIN IMMEDIATE");
        locks++;
        await new Promise((resolve) => setTimeout(resolve, 30));
        other.exec("COMMIT");
      }
      await tick();
    }
    await waitFor(() => writer.stats.written === total, 20_000);
    expect(writer.stats.dropped).toBe(0);
    expect(store.recount()).toBe(total);
    expect(locks).toBe(5);
    expect(marks).toBeGreaterThan(0);
    expect(store.count({ mark: "false_positive" })).toBe(marks);
    expect(new Set([...store.iterate()].map((e) => e.id)).size).toBe(total);
  });
});
