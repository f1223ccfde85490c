/**
 * Keeps SQLite off the request path: events and per-minute counts are queued in memory and
 * written in batches from a timer or setImmediate, one transaction per batch. A locked file
 * (another process writing) is retried later; the queue is bounded, and whatever it cannot hold
 * is counted as dropped, never silently lost. Retention runs on its own timer, in chunks.
 */
import type { StoredEvent } from "./record.js";
import { MINUTE_MS, type CountIncrement, type EventStore, type StoredOutcome } from "./store.js";
import { sqliteCode } from "./sqlite.js";

export interface WriterOptions {
  /** Flush as soon as this many events are queued, and write at most this many per transaction. */
  batchSize?: number;
  /** Otherwise flush this long after the first queued event. */
  flushIntervalMs?: number;
  /** Events beyond this many waiting are dropped (and counted). */
  maxQueue?: number;
  retentionDays: number;
  maxRows: number;
  pruneIntervalMs?: number;
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
  lastFlushMs: number;
  lastError: string | null;
}

const DAY_MS = 86_400_000;
const BUSY_CODES = new Set(["SQLITE_BUSY", "SQLITE_BUSY_SNAPSHOT", "SQLITE_BUSY_TIMEOUT", "SQLITE_LOCKED"]);

export class EventWriter {
  private queue: StoredEvent[] = [];
  private readonly counts = new Map<string, CountIncrement>();
  private flushTimer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private readonly pruneTimer: NodeJS.Timeout;
  private pruneImmediate: NodeJS.Immediate | undefined;
  private retryDelayMs: number;
  private closed = false;
  private readonly reported = new Map<string, { at: number; suppressed: number }>();
  readonly stats: WriterStats = { queued: 0, written: 0, dropped: 0, failedBatches: 0, flushes: 0, pruned: 0, lastFlushMs: 0, lastError: null };

  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private readonly maxQueue: number;
  private readonly now: () => number;

  constructor(
    readonly store: EventStore,
    private readonly options: WriterOptions,
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.flushIntervalMs = options.flushIntervalMs ?? 250;
    this.maxQueue = options.maxQueue ?? 50_000;
    this.now = options.now ?? Date.now;
    this.retryDelayMs = this.flushIntervalMs;
    this.pruneTimer = setInterval(() => this.schedulePrune(), options.pruneIntervalMs ?? 60_000);
    this.pruneTimer.unref();
    this.schedulePrune();
  }

  /** Counts an evaluated request for the chart (stored or not). */
  count(time: number, route: string, outcome: StoredOutcome): void {
    if (this.closed) return;
    const minute = Math.floor(time / MINUTE_MS);
    const key = `${minute}\u0000${route}\u0000${outcome}`;
    const existing = this.counts.get(key);
    if (existing) existing.n++;
    else this.counts.set(key, { minute, route, outcome, n: 1 });
    this.schedule();
  }

  push(event: StoredEvent): void {
    if (this.closed) {
      this.stats.dropped++;
      return;
    }
    if (this.queue.length >= this.maxQueue) {
      this.stats.dropped++;
      this.report("queue", "event store queue full; events are being dropped", { max_queue: this.maxQueue, file: this.store.file });
      return;
    }
    this.queue.push(event);
    this.stats.queued = this.queue.length;
    this.schedule();
  }

  private schedule(): void {
    if (this.queue.length >= this.batchSize) {
      this.immediate ??= setImmediate(() => {
        this.immediate = undefined;
        this.flush();
      });
      return;
    }
    if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = undefined;
        this.flush();
      }, this.flushIntervalMs);
      this.flushTimer.unref();
    }
  }

  /** Writes one batch now (synchronously); schedules the next when more is queued. */
  flush(): void {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (this.queue.length === 0 && this.counts.size === 0) return;
    const events = this.queue.length > this.batchSize ? this.queue.splice(0, this.batchSize) : this.queue.splice(0);
    const counts = [...this.counts.values()];
    this.counts.clear();
    const started = performance.now();
    try {
      this.stats.written += this.store.insert(events, counts);
      this.stats.flushes++;
      this.stats.lastFlushMs = Math.round((performance.now() - started) * 1000) / 1000;
      this.retryDelayMs = this.flushIntervalMs;
    } catch (error) {
      const code = sqliteCode(error);
      const message = error instanceof Error ? error.message : String(error);
      this.stats.lastError = message;
      if (code !== undefined && BUSY_CODES.has(code) && !this.closed) {
        // Another process holds the write lock: keep the batch and try again a little later.
        this.queue = events.concat(this.queue);
        for (const c of counts) this.mergeCount(c);
        this.report("busy", "event store is locked by another process; retrying", { file: this.store.file, error: message });
        this.retryDelayMs = Math.min(this.retryDelayMs * 2, 5000);
        this.flushTimer = setTimeout(() => {
          this.flushTimer = undefined;
          this.flush();
        }, this.retryDelayMs);
        this.flushTimer.unref();
        return;
      }
      this.stats.dropped += events.length;
      this.stats.failedBatches++;
      this.report("write", "event store write failed; batch dropped", { file: this.store.file, events: events.length, error: message, code });
    } finally {
      this.stats.queued = this.queue.length;
    }
    if (this.store.size > this.options.maxRows) this.schedulePrune();
    if (this.queue.length > 0 && !this.closed) this.schedule();
  }

  private mergeCount(c: CountIncrement): void {
    const key = `${c.minute}\u0000${c.route}\u0000${c.outcome}`;
    const existing = this.counts.get(key);
    if (existing) existing.n += c.n;
    else this.counts.set(key, { ...c });
  }

  private schedulePrune(): void {
    if (this.closed || this.pruneImmediate) return;
    this.pruneImmediate = setImmediate(() => {
      this.pruneImmediate = undefined;
      this.pruneStep();
    });
  }

  /** One chunk of retention; yields to the event loop between chunks. */
  pruneStep(): boolean {
    try {
      const result = this.store.prune({ now: this.now(), retentionMs: this.options.retentionDays * DAY_MS, maxRows: this.options.maxRows });
      this.stats.pruned += result.deleted;
      if (result.more) this.schedulePrune();
      return result.more;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!BUSY_CODES.has(sqliteCode(error) ?? "")) this.report("prune", "event store retention failed", { file: this.store.file, error: message });
      return false;
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

  /** Writes everything still queued, then stops the timers. The store stays open (its owner closes it). */
  close(): void {
    if (this.closed) return;
    clearInterval(this.pruneTimer);
    if (this.immediate) clearImmediate(this.immediate);
    if (this.pruneImmediate) clearImmediate(this.pruneImmediate);
    this.immediate = undefined;
    this.pruneImmediate = undefined;
    let rounds = 0;
    while ((this.queue.length > 0 || this.counts.size > 0) && rounds++ < 10_000) {
      const before = this.stats.failedBatches;
      const queued = this.queue.length;
      this.flush();
      if (this.stats.failedBatches > before && this.queue.length >= queued) break;
      if (this.flushTimer) {
        // Still locked by another process: one last attempt after the store's own busy timeout.
        clearTimeout(this.flushTimer);
        this.flushTimer = undefined;
        if (rounds > 3) break;
      }
    }
    this.closed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.stats.dropped += this.queue.length;
    this.queue = [];
    this.stats.queued = 0;
  }
}
