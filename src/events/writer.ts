/**
 * Keeps SQLite off the request path twice over: events and per-minute counts are queued in
 * memory and sent in batches from a timer or setImmediate, and the batches are written by a
 * worker thread (src/events/sqlite-worker.ts), so neither the inserts nor a WAL checkpoint's
 * fsync ever hold the proxy's event loop. One batch is in flight at a time; a file locked by
 * another process is retried later; the queue is bounded and whatever it cannot hold is counted
 * as dropped, never silently lost. Retention runs on its own timer, in chunks, in the worker.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { Mark, StoredEvent } from "./record.js";
import { COUNT_EVENTS, DELETE_OLD_COUNTS, DELETE_OLD_EVENTS, DELETE_OLDEST_EVENTS, SET_MARK, WORKER_EVENT_COLUMNS } from "./sql.js";
import { SQLITE_WORKER_SOURCE } from "./sqlite-worker.js";
import { MINUTE_MS, type CountIncrement, type PruneResult, type StoredOutcome } from "./store.js";
import type { WorkerReply, WorkerRequest } from "./worker-protocol.js";

export interface WriterOptions {
  /** Send a batch as soon as this many events are queued; at most this many per transaction. */
  batchSize?: number;
  /** Otherwise send this long after the first queued event. */
  flushIntervalMs?: number;
  /** Events beyond this many waiting are dropped (and counted). */
  maxQueue?: number;
  retentionDays: number;
  maxRows: number;
  pruneIntervalMs?: number;
  /** How long the worker waits for another process's write lock before the batch is retried. */
  busyTimeoutMs?: number;
  now?: () => number;
  /** Called at most once a minute per kind of problem, with how many were suppressed since. */
  onError?: (message: string, fields: Record<string, unknown>) => void;
}

export interface WriterStats {
  queued: number;
  written: number;
  dropped: number;
  failedBatches: number;
  flushes: number;
  pruned: number;
  /** Rows in the store, as of the worker's last reply. */
  rows: number;
  /** Time the last batch took in the worker, and all batches together. */
  lastFlushMs: number;
  writeMs: number;
  lastError: string | null;
}

const DAY_MS = 86_400_000;
const BUSY_CODES = new Set(["SQLITE_BUSY", "SQLITE_BUSY_SNAPSHOT", "SQLITE_BUSY_TIMEOUT", "SQLITE_LOCKED"]);

type Reply<K extends WorkerReply["op"]> = Extract<WorkerReply, { op: K }>;
type Distribute<T> = T extends unknown ? Omit<T, "seq"> : never;

const PRUNE_CHUNK = 5000;

export class EventWriter {
  private queue: StoredEvent[] = [];
  private readonly counts = new Map<string, CountIncrement>();
  private flushTimer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private readonly pruneTimer: NodeJS.Timeout;
  private pruning = false;
  private pruneAgain = false;
  private inflight: Promise<void> | undefined;
  private retryDelayMs: number;
  private closed = false;
  private closing: Promise<void> | undefined;
  private dead = false;
  private seq = 0;
  private readonly pending = new Map<number, (reply: WorkerReply) => void>();
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private readonly reported = new Map<string, { at: number; suppressed: number }>();
  readonly ready: Promise<boolean>;
  readonly stats: WriterStats = { queued: 0, written: 0, dropped: 0, failedBatches: 0, flushes: 0, pruned: 0, rows: 0, lastFlushMs: 0, writeMs: 0, lastError: null };

  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private readonly maxQueue: number;
  private readonly now: () => number;

  constructor(
    readonly file: string,
    private readonly options: WriterOptions,
  ) {
    this.batchSize = options.batchSize ?? 200;
    this.flushIntervalMs = options.flushIntervalMs ?? 250;
    this.maxQueue = options.maxQueue ?? 50_000;
    this.now = options.now ?? Date.now;
    this.retryDelayMs = this.flushIntervalMs;

    // The driver is resolved here, so the worker loads the same better-sqlite3 as the rest of Moat.
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    this.worker = new Worker(SQLITE_WORKER_SOURCE, { eval: true, workerData: { file, busyTimeoutMs: options.busyTimeoutMs ?? 5000, driver, events: WORKER_EVENT_COLUMNS } });
    // The proxy's close() drains and stops the worker; it must not keep a CLI or test process alive.
    this.worker.unref();
    let opened!: (ok: boolean) => void;
    this.ready = new Promise<boolean>((resolve) => {
      opened = resolve;
    });
    this.worker.on("message", (reply: WorkerReply) => {
      if (reply.op === "opened") {
        opened(true);
        return;
      }
      if (reply.op === "open_failed") {
        this.fail(`event store cannot be opened by its writer: ${reply.message}`);
        opened(false);
        return;
      }
      this.pending.get(reply.seq)?.(reply);
      this.pending.delete(reply.seq);
    });
    this.worker.on("error", (error) => this.fail(`event store writer crashed: ${error.message}`));
    this.exited = new Promise<void>((resolve) => {
      this.worker.once("exit", () => {
        if (!this.closed) this.fail("event store writer stopped");
        opened(false);
        resolve();
      });
    });

    this.pruneTimer = setInterval(() => void this.pruneAll(true), options.pruneIntervalMs ?? 60_000);
    this.pruneTimer.unref();
    void this.pruneAll(true);
  }

  /** The worker is gone: report once, fail what waits, and count from now on what cannot be written. */
  private fail(message: string): void {
    if (this.dead) return;
    this.dead = true;
    this.stats.lastError = message;
    this.stats.dropped += this.queue.length;
    this.queue = [];
    this.stats.queued = 0;
    for (const resolve of this.pending.values()) resolve({ op: "failed", seq: -1, message, code: null });
    this.pending.clear();
    this.report("worker", message, { file: this.file });
  }

  private request<K extends WorkerReply["op"]>(message: Distribute<WorkerRequest>): Promise<Reply<K> | Reply<"failed">> {
    if (this.dead) return Promise.resolve({ op: "failed", seq: -1, message: this.stats.lastError ?? "event store writer stopped", code: null });
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.pending.set(seq, resolve as (reply: WorkerReply) => void);
      this.worker.postMessage({ ...message, seq } as WorkerRequest);
    });
  }

  /** Counts an evaluated request for the chart (stored or not). */
  count(time: number, route: string, outcome: StoredOutcome): void {
    if (this.closed || this.dead) return;
    this.mergeCount({ minute: Math.floor(time / MINUTE_MS), route, outcome, n: 1 });
    this.schedule();
  }

  push(event: StoredEvent): void {
    if (this.closed || this.dead) {
      this.stats.dropped++;
      return;
    }
    if (this.queue.length >= this.maxQueue) {
      this.stats.dropped++;
      this.report("queue", "event store queue full; events are being dropped", { max_queue: this.maxQueue, file: this.file });
      return;
    }
    this.queue.push(event);
    this.stats.queued = this.queue.length;
    this.schedule();
  }

  private schedule(): void {
    if (this.inflight) return;
    if (this.queue.length >= this.batchSize) {
      this.immediate ??= setImmediate(() => {
        this.immediate = undefined;
        void this.flush();
      });
      return;
    }
    if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = undefined;
        void this.flush();
      }, this.flushIntervalMs);
      this.flushTimer.unref();
    }
  }

  /** Sends one batch to the worker (or joins the batch already in flight). */
  flush(): Promise<void> {
    if (this.inflight) return this.inflight;
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    if ((this.queue.length === 0 && this.counts.size === 0) || this.dead) return Promise.resolve();
    const events = this.queue.length > this.batchSize ? this.queue.splice(0, this.batchSize) : this.queue.splice(0);
    const counts = [...this.counts.values()];
    this.counts.clear();
    this.stats.queued = this.queue.length;
    const rows = counts.map((c): [number, string, string, number] => [c.minute, c.route, c.outcome, c.n]);
    this.inflight = this.request<"written">({ op: "insert", events, counts: rows }).then((reply) => {
      this.inflight = undefined;
      this.settle(reply, events, counts);
      if ((this.queue.length > 0 || this.counts.size > 0) && !this.closed) this.schedule();
    });
    return this.inflight;
  }

  private settle(reply: Reply<"written"> | Reply<"failed">, events: StoredEvent[], counts: CountIncrement[]): void {
    if (reply.op === "written") {
      const inserted = reply.changes[0] ?? 0;
      this.stats.written += inserted;
      this.stats.rows += inserted;
      this.stats.flushes++;
      this.stats.lastFlushMs = Math.round(reply.ms * 1000) / 1000;
      this.stats.writeMs += reply.ms;
      this.retryDelayMs = this.flushIntervalMs;
      if (this.stats.rows > this.options.maxRows) void this.pruneAll(false);
      return;
    }
    this.stats.lastError = reply.message;
    if (reply.code !== null && BUSY_CODES.has(reply.code) && !this.dead) {
      // Another process held the write lock past the busy timeout: keep the batch, try again later.
      this.queue = events.concat(this.queue);
      this.stats.queued = this.queue.length;
      for (const c of counts) this.mergeCount(c);
      this.report("busy", "event store is locked by another process; retrying", { file: this.file, error: reply.message });
      if (!this.closed) {
        this.retryDelayMs = Math.min(this.retryDelayMs * 2, 5000);
        this.flushTimer = setTimeout(() => {
          this.flushTimer = undefined;
          void this.flush();
        }, this.retryDelayMs);
        this.flushTimer.unref();
      }
      return;
    }
    this.stats.dropped += events.length;
    this.stats.failedBatches++;
    this.report("write", "event store write failed; batch dropped", { file: this.file, events: events.length, error: reply.message, code: reply.code });
  }

  private mergeCount(c: CountIncrement): void {
    const key = `${c.minute}\u0000${c.route}\u0000${c.outcome}`;
    const existing = this.counts.get(key);
    if (existing) existing.n += c.n;
    else this.counts.set(key, { ...c });
  }

  /** Waits until everything queued so far is written (or has failed); for readers that want fresh data. */
  async drain(): Promise<void> {
    let busyRounds = 0;
    while (!this.dead && (this.inflight || this.queue.length > 0 || this.counts.size > 0)) {
      const before = this.stats.lastError;
      await this.flush();
      if (this.stats.lastError !== before && this.queue.length > 0 && ++busyRounds >= 3) return;
    }
  }

  /** Sets or clears an operator's mark, through the writing connection. False when the event is unknown. */
  async mark(id: string, mark: Mark | null, note: string | null, now = Date.now()): Promise<boolean> {
    const reply = await this.request<"written">({ op: "write", steps: [{ sql: SET_MARK, rows: [[mark, mark === null ? null : note, mark === null ? null : now, id]] }] });
    if (reply.op === "failed") throw new Error(`cannot save the mark: ${reply.message}`);
    return (reply.changes[0] ?? 0) > 0;
  }

  /** Counts the stored rows again (another process may have written or deleted). */
  async recount(): Promise<number> {
    const reply = await this.request<"row">({ op: "get", sql: COUNT_EVENTS, params: [] });
    if (reply.op === "row" && reply.row) this.stats.rows = Number(reply.row["n"]);
    return this.stats.rows;
  }

  /** One chunk of retention: events and counts past the age limit, then the oldest beyond maxRows. */
  async prune(): Promise<PruneResult> {
    const cutoff = this.now() - this.options.retentionDays * DAY_MS;
    const byAge = await this.request<"written">({
      op: "write",
      steps: [
        { sql: DELETE_OLD_EVENTS, rows: [[cutoff, PRUNE_CHUNK]] },
        { sql: DELETE_OLD_COUNTS, rows: [[Math.floor(cutoff / MINUTE_MS)]] },
      ],
    });
    if (byAge.op === "failed") return this.pruneFailed(byAge);
    let deleted = byAge.changes[0] ?? 0;
    this.stats.rows = Math.max(0, this.stats.rows - deleted);
    const excess = this.stats.rows - this.options.maxRows;
    if (excess > 0 && deleted < PRUNE_CHUNK) {
      const byCount = await this.request<"written">({ op: "write", steps: [{ sql: DELETE_OLDEST_EVENTS, rows: [[Math.min(excess, PRUNE_CHUNK - deleted)]] }] });
      if (byCount.op === "failed") return this.pruneFailed(byCount);
      const n = byCount.changes[0] ?? 0;
      deleted += n;
      this.stats.rows = Math.max(0, this.stats.rows - n);
    }
    this.stats.pruned += deleted;
    return { deleted, more: deleted >= PRUNE_CHUNK };
  }

  private pruneFailed(reply: Reply<"failed">): PruneResult {
    if (!BUSY_CODES.has(reply.code ?? "")) this.report("prune", "event store retention failed", { file: this.file, error: reply.message });
    return { deleted: 0, more: false };
  }

  /** Runs retention chunk by chunk until nothing is due; one run at a time. */
  private async pruneAll(recount: boolean): Promise<void> {
    if (this.closed || this.dead) return;
    if (this.pruning) {
      // Rows arrived while a run was under way; it may have measured the excess before them.
      this.pruneAgain = true;
      return;
    }
    this.pruning = true;
    try {
      if (recount) await this.recount();
      do {
        this.pruneAgain = false;
        let result = await this.prune();
        while (result.more && !this.closed) result = await this.prune();
      } while (this.pruneAgain && !this.closed);
    } finally {
      this.pruning = false;
    }
  }

  private report(kind: string, message: string, fields: Record<string, unknown>): void {
    const now = Date.now();
    const last = this.reported.get(kind);
    if (last && now - last.at < 60_000) {
      last.suppressed++;
      return;
    }
    this.reported.set(kind, { at: now, suppressed: 0 });
    this.options.onError?.(message, last?.suppressed ? { ...fields, suppressed_since_last: last.suppressed } : fields);
  }

  /** Writes everything still queued, then stops the worker (which closes its connection). */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.pruneTimer);
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
    await this.ready;
    await this.drain();
    this.closed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.stats.dropped += this.queue.length;
    this.queue = [];
    this.stats.queued = 0;
    if (!this.dead) await this.request<"closed">({ op: "close" });
    await this.worker.terminate();
    await this.exited;
  }
}
