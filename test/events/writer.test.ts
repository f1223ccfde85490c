import { afterEach, describe, expect, it } from "vitest";
import { EventStore } from "../../src/events/store.js";
import { EventWriter, type WriterOptions } from "../../src/events/writer.js";
import { openDatabase, type Database } from "../../src/events/sqlite.js";
import { waitFor } from "../helpers/moat.js";
import { storedEvent, tempDb } from "./fixtures.js";

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** A writer (worker thread) and a separate reading connection, as the proxy has them. */
async function setup(options: Partial<WriterOptions> = {}, file = tempDb()): Promise<{ reader: EventStore; writer: EventWriter; file: string; errors: string[] }> {
  const reader = EventStore.open(file);
  const errors: string[] = [];
  // The fixtures' events are from 2023: a long retention keeps them unless a test sets its own.
  const writer = new EventWriter(file, { retentionDays: 36_500, maxRows: 1_000_000, onError: (m) => errors.push(m), ...options });
  cleanup.push(() => reader.close());
  cleanup.push(() => writer.close());
  expect(await writer.ready).toBe(true);
  return { reader, writer, file, errors };
}

function otherConnection(file: string): Database {
  const db = openDatabase(file, { timeout: 5000 });
  cleanup.push(() => db.close());
  return db;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("EventWriter", () => {
  it("never writes on the caller's stack: events wait for the timer, then go to the worker", async () => {
    const { reader, writer } = await setup({ batchSize: 100, flushIntervalMs: 20 });
    for (let i = 0; i < 3; i++) writer.push(storedEvent());
    expect(writer.stats.queued).toBe(3);
    expect(reader.count()).toBe(0);
    await waitFor(() => writer.stats.written === 3);
    expect(writer.stats.flushes).toBe(1);
    expect(reader.count()).toBe(3);
    expect(writer.stats.rows).toBe(3);
  });

  it("sends a full batch on the next turn of the event loop, in batches of batchSize", async () => {
    const { reader, writer } = await setup({ batchSize: 10, flushIntervalMs: 60_000 });
    for (let i = 0; i < 25; i++) writer.push(storedEvent());
    expect(writer.stats.queued).toBe(25);
    await tick();
    // One batch of 10 is in the worker; the rest waits its turn.
    expect(writer.stats.queued).toBe(15);
    await waitFor(() => writer.stats.written === 20);
    // The last 5 are below batchSize: they wait for the (long) timer, or for drain/close.
    expect(writer.stats.queued).toBe(5);
    await writer.drain();
    expect(reader.count()).toBe(25);
    expect(writer.stats.dropped).toBe(0);
  });

  it("writes every field the way the store itself does (the worker builds the rows)", async () => {
    const { reader, writer } = await setup({ flushIntervalMs: 5 });
    const rich = storedEvent({ fail_open: true, stream: true, upstream_status: 200, upstream_latency_ms: 3.25, sanitization: { removed: { zero_width: 2 }, hidden_text: ["x"] }, error: "client disconnected", model: null });
    const plain = storedEvent({ prompt: null, sanitization: null });
    writer.push(rich);
    writer.push(plain);
    await writer.drain();
    expect(reader.get(rich.id)).toEqual(rich);
    expect(reader.get(plain.id)).toEqual(plain);
  });

  it("writes per-minute counts with the events, merged", async () => {
    const { reader, writer } = await setup({ flushIntervalMs: 5 });
    const t = Date.UTC(2025, 0, 1, 10, 0, 30);
    writer.count(t, "support", "pass");
    writer.count(t + 1000, "support", "pass");
    writer.count(t, "support", "block");
    writer.count(t + 60_000, "default", "would_block");
    await writer.drain();
    expect(reader.totals(0)).toEqual({
      support: { pass: 2, block: 1, review: 0, would_block: 0 },
      default: { pass: 0, block: 0, review: 0, would_block: 1 },
    });
  });

  it("bounds the queue and counts what it drops", async () => {
    const { reader, writer } = await setup({ batchSize: 1000, flushIntervalMs: 60_000, maxQueue: 5 });
    for (let i = 0; i < 8; i++) writer.push(storedEvent());
    expect(writer.stats.queued).toBe(5);
    expect(writer.stats.dropped).toBe(3);
    await writer.close();
    expect(reader.count()).toBe(5);
  });

  it("keeps a batch and retries when another process holds the write lock past the busy timeout", async () => {
    const { reader, writer, file, errors } = await setup({ batchSize: 1000, flushIntervalMs: 10, busyTimeoutMs: 20 });
    const other = otherConnection(file);
    other.exec("BEGIN IMMEDIATE");
    for (let i = 0; i < 20; i++) writer.push(storedEvent());
    await waitFor(() => errors.some((e) => e.includes("locked")));
    expect(writer.stats.written).toBe(0);
    other.exec("COMMIT");
    await waitFor(() => writer.stats.written === 20, 10_000);
    expect(writer.stats.dropped).toBe(0);
    expect(reader.count()).toBe(20);
  });

  it("waits out a lock inside the worker while the caller's event loop keeps turning", async () => {
    const { reader, writer, file, errors } = await setup({ batchSize: 5, flushIntervalMs: 5, busyTimeoutMs: 5000 });
    const other = otherConnection(file);
    other.exec("BEGIN IMMEDIATE");
    for (let i = 0; i < 5; i++) writer.push(storedEvent());
    const sent = writer.flush();
    // Were the wait on this thread, these turns would come only after the busy timeout, and the
    // batch would have failed by then (the lock is still held).
    for (let i = 0; i < 50; i++) await tick();
    expect(writer.stats.written).toBe(0);
    expect(writer.stats.lastError).toBeNull();
    other.exec("COMMIT");
    await sent;
    expect(writer.stats.written).toBe(5);
    expect(errors).toEqual([]);
    expect(reader.count()).toBe(5);
  });

  it("counts a batch that fails for good as dropped and reports it once", async () => {
    const { writer, file, errors } = await setup({ batchSize: 1000, flushIntervalMs: 60_000 });
    // A table the worker cannot write any more: every insert fails with a non-busy error.
    const other = otherConnection(file);
    other.exec("DROP TABLE events");
    writer.push(storedEvent());
    writer.push(storedEvent());
    await writer.flush();
    writer.push(storedEvent());
    await writer.flush();
    expect(writer.stats.dropped).toBe(3);
    expect(writer.stats.failedBatches).toBe(2);
    expect(errors.filter((e) => e.includes("write failed"))).toHaveLength(1);
  });

  it("applies max_rows after writing, deleting the oldest", async () => {
    const { reader, writer } = await setup({ batchSize: 50, flushIntervalMs: 5, maxRows: 100 });
    const base = Date.now();
    for (let i = 0; i < 250; i++) writer.push(storedEvent({ id: `evt_m${String(i).padStart(3, "0")}`, time: base + i }));
    await waitFor(() => writer.stats.written === 250 && reader.count() === 100, 10_000);
    expect([...reader.iterate()][0]?.id).toBe("evt_m150");
  });

  it("applies the age limit on start-up", async () => {
    const file = tempDb();
    const seeded = EventStore.open(file);
    seeded.insert([storedEvent({ id: "evt_ancient", time: Date.now() - 40 * 86_400_000 }), storedEvent({ id: "evt_recent", time: Date.now() })]);
    seeded.close();
    const { reader } = await setup({ retentionDays: 30 }, file);
    await waitFor(() => reader.get("evt_ancient") === undefined);
    expect(reader.get("evt_recent")).toBeDefined();
  });

  it("marks through the writing connection", async () => {
    const { reader, writer } = await setup({ flushIntervalMs: 5 });
    writer.push(storedEvent({ id: "evt_to_mark" }));
    await writer.drain();
    expect(await writer.mark("evt_to_mark", "missed_attack", "seen in a pentest", 1234)).toBe(true);
    expect(reader.get("evt_to_mark")).toMatchObject({ mark: "missed_attack", mark_note: "seen in a pentest", marked_at: 1234 });
    expect(await writer.mark("evt_unknown", "missed_attack", null)).toBe(false);
  });

  it("reports a worker that cannot open the file and counts what it could not write", async () => {
    const errors: string[] = [];
    const writer = new EventWriter(tempDb("never-created.db"), { retentionDays: 1, maxRows: 10, onError: (m) => errors.push(m) });
    cleanup.push(() => writer.close());
    expect(await writer.ready).toBe(false);
    writer.push(storedEvent());
    expect(writer.stats.dropped).toBe(1);
    expect(errors[0]).toMatch(/cannot be opened by its writer/);
  });

  it("stores every event under load while another connection marks and locks concurrently", async () => {
    const { reader, writer, file } = await setup({ batchSize: 200, flushIntervalMs: 5, maxQueue: 100_000 });
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
        // The CLI marking an event already written while later ones are still arriving, and
        // holding the lock for a moment.
        await waitFor(() => writer.stats.written >= pushed - 2000, 10_000);
        marks += other.prepare("UPDATE events SET mark = 'false_positive' WHERE id = ?").run(`evt_load${pushed - 3000}`).changes;
        other.exec("BEGIN IMMEDIATE");
        locks++;
        await new Promise((resolve) => setTimeout(resolve, 30));
        other.exec("COMMIT");
      }
      await tick();
    }
    await writer.drain();
    expect(writer.stats.written).toBe(total);
    expect(writer.stats.dropped).toBe(0);
    expect(reader.count({ includePasses: true })).toBe(total);
    expect(locks).toBe(5);
    expect(marks).toBe(5);
    expect(reader.count({ mark: "false_positive" })).toBe(marks);
    expect(new Set([...reader.iterate()].map((e) => e.id)).size).toBe(total);
  });
});
