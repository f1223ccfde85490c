/**
 * The embedded event store: one SQLite file in WAL mode (a crash loses at most the last
 * unflushed batch and never corrupts the file; readers such as `moat events` work while the proxy
 * writes). Every method is synchronous; the proxy reaches it only through the batching writer,
 * never from the request path.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Category, Verdict } from "../firewall/types.js";
import { EventStoreError, openError } from "./errors.js";
import { storedEventSchema, type Mark, type StoredEvent } from "./record.js";
import { ADDED_COLUMNS, CREATE_SCHEMA, SCHEMA_VERSION } from "./schema.js";
import { COUNT_EVENTS, DELETE_OLD_COUNTS, DELETE_OLD_EVENTS, DELETE_OLDEST_EVENTS, eventToParams, INSERT_EVENT, SET_MARK, UPSERT_COUNT } from "./sql.js";
import { openDatabase, sqliteCode, type Database, type SqlValue, type Statement } from "./sqlite.js";

export type StoredOutcome = StoredEvent["outcome"];

export interface EventFilter {
  /** Epoch ms, inclusive. */
  since?: number;
  /** Epoch ms, exclusive. */
  until?: number;
  route?: string;
  verdict?: Verdict;
  outcome?: StoredOutcome;
  category?: Category;
  tier?: number;
  mark?: Mark | "any" | "none";
  /**
   * Without a verdict, outcome or mark filter, only flagged (non-pass) events are returned, as in
   * the dashboard; this includes the passes a route chose to store.
   */
  includePasses?: boolean;
}

export interface ListQuery extends EventFilter {
  /** 1-1000, default 100. */
  limit?: number;
  /** The `next` value of a previous page. */
  cursor?: string;
}

export interface ListResult {
  events: StoredEvent[];
  /** Pass as `cursor` for the next (older) page; null at the end. */
  next: string | null;
}

/** Per-minute totals of evaluated requests, added in the same transaction as the events. */
export interface CountIncrement {
  minute: number;
  route: string;
  outcome: StoredOutcome;
  n: number;
}

export interface SeriesPoint {
  /** Bucket start, epoch ms. */
  t: number;
  pass: number;
  block: number;
  review: number;
  would_block: number;
}

export interface Series {
  since: number;
  until: number;
  bucket_ms: number;
  points: SeriesPoint[];
}

export interface PruneResult {
  deleted: number;
  /** More rows are due; call again (deletes run in chunks so no single call holds the file long). */
  more: boolean;
}

export interface OpenOptions {
  /** How long a write waits for another process's lock. Keep it short in the proxy: the writer retries. */
  busyTimeoutMs?: number;
  /** Refuse to create a missing file (the CLI, which only reads what a proxy wrote). */
  mustExist?: boolean;
}

export const MINUTE_MS = 60_000;
const MAX_LIMIT = 1000;

interface Row {
  [column: string]: unknown;
}

function bool(value: unknown): boolean {
  return value === 1 || value === 1n || value === true;
}

function parseJson(text: unknown, fallback: unknown): unknown {
  if (typeof text !== "string") return fallback;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fallback;
  }
}

function rowToEvent(row: Row): StoredEvent | undefined {
  const candidate = {
    ...row,
    fail_open: bool(row.fail_open),
    fail_closed: bool(row.fail_closed),
    stream: bool(row.stream),
    trace: parseJson(row.trace, []),
    sanitization: parseJson(row.sanitization, null),
  };
  const parsed = storedEventSchema.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}

export function encodeCursor(event: Pick<StoredEvent, "time" | "id">): string {
  return `${event.time}.${event.id}`;
}

function decodeCursor(cursor: string): { time: number; id: string } {
  const dot = cursor.indexOf(".");
  const time = Number(cursor.slice(0, dot));
  const id = cursor.slice(dot + 1);
  if (dot <= 0 || !Number.isSafeInteger(time) || id.length === 0) throw new RangeError(`invalid cursor "${cursor}"`);
  return { time, id };
}

function whereClause(filter: EventFilter): { sql: string; params: SqlValue[] } {
  const parts: string[] = [];
  const params: SqlValue[] = [];
  const add = (sql: string, ...values: SqlValue[]): void => {
    parts.push(sql);
    params.push(...values);
  };
  if (filter.since !== undefined) add("time >= ?", filter.since);
  if (filter.until !== undefined) add("time < ?", filter.until);
  if (filter.route !== undefined) add("route = ?", filter.route);
  if (filter.verdict !== undefined) add("verdict = ?", filter.verdict);
  if (filter.outcome !== undefined) add("outcome = ?", filter.outcome);
  if (filter.category !== undefined) add("category = ?", filter.category);
  if (filter.tier !== undefined) add("tier = ?", filter.tier);
  if (filter.mark === "any") add("mark IS NOT NULL");
  else if (filter.mark === "none") add("mark IS NULL");
  else if (filter.mark !== undefined) add("mark = ?", filter.mark);
  const explicit = filter.verdict !== undefined || filter.outcome !== undefined || (filter.mark !== undefined && filter.mark !== "none");
  if (!filter.includePasses && !explicit) add("outcome != 'pass'");
  return { sql: parts.length > 0 ? `WHERE ${parts.join(" AND ")}` : "", params };
}

/**
 * Creates the schema, or brings an older file up to it, under the write lock: another process
 * opening the same file at the same moment waits, then finds the work done (the version is read
 * again inside the lock, and a column is added only where it is missing).
 */
function migrate(db: Database): void {
  db.exec("BEGIN IMMEDIATE");
  try {
    const version = Number(db.pragma("user_version", { simple: true }));
    if (version < SCHEMA_VERSION) {
      const existing = db.prepare("SELECT name FROM pragma_table_info('events')").all() as Array<{ name: string }>;
      const columns = new Set(existing.map((c) => c.name));
      if (columns.size > 0) {
        for (let v = version + 1; v <= SCHEMA_VERSION; v++) {
          for (const { table, column, type } of ADDED_COLUMNS[v] ?? []) {
            if (!columns.has(column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
          }
        }
      }
      db.exec(CREATE_SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }
    db.exec("COMMIT");
  } catch (error) {
    if (db.inTransaction) db.exec("ROLLBACK");
    throw error;
  }
}

export class EventStore {
  private readonly insertEvent: Statement;
  private readonly addCount: Statement;
  private readonly getEvent: Statement;
  private readonly setMark: Statement;
  private rows: number;

  private constructor(
    readonly file: string,
    private readonly db: Database,
  ) {
    this.insertEvent = db.prepare(INSERT_EVENT);
    this.addCount = db.prepare(UPSERT_COUNT);
    this.getEvent = db.prepare("SELECT * FROM events WHERE id = ?");
    this.setMark = db.prepare(SET_MARK);
    this.rows = this.countRows();
  }

  /**
   * Opens (or creates) the store. A damaged file, one written by a newer Moat, or an unwritable
   * folder raises an EventStoreError that names the file and says what to do.
   */
  static open(file: string, options: OpenOptions = {}): EventStore {
    let db: Database | undefined;
    try {
      if (!options.mustExist) mkdirSync(dirname(file), { recursive: true });
      db = openDatabase(file, { fileMustExist: options.mustExist ?? false, timeout: options.busyTimeoutMs ?? 5000 });
      // Reading the header and schema here surfaces a damaged file at start-up, not at the first write.
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      const version = Number(db.pragma("user_version", { simple: true }));
      if (version > SCHEMA_VERSION) {
        throw new EventStoreError(file, `it was written by a newer Moat (schema ${version}, this version reads ${SCHEMA_VERSION})`, "Upgrade Moat, or point events.path at another file");
      }
      if (version < SCHEMA_VERSION) migrate(db);
      else db.exec(CREATE_SCHEMA);
      return new EventStore(file, db);
    } catch (error) {
      try {
        db?.close();
      } catch {
        // Already failing; the original error says more.
      }
      if (options.mustExist && sqliteCode(error) === "SQLITE_CANTOPEN") {
        throw new EventStoreError(file, "no event store here", "Start the proxy with events.enabled (the default) to create it, or pass --db or --config to point at the right one");
      }
      throw openError(file, error);
    }
  }

  /** Approximate number of stored events (exact after open, prune and recount). */
  get size(): number {
    return this.rows;
  }

  recount(): number {
    this.rows = this.countRows();
    return this.rows;
  }

  private countRows(): number {
    return Number((this.db.prepare(COUNT_EVENTS).get() as { n: number }).n);
  }

  /** Writes events and count increments in one transaction; duplicate ids are ignored. */
  insert(events: readonly StoredEvent[], counts: readonly CountIncrement[] = []): number {
    let inserted = 0;
    this.db.transaction(() => {
      for (const event of events) inserted += this.insertEvent.run(...eventToParams(event)).changes;
      for (const c of counts) this.addCount.run(c.minute, c.route, c.outcome, c.n);
    })();
    this.rows += inserted;
    return inserted;
  }

  get(id: string): StoredEvent | undefined {
    const row = this.getEvent.get(id) as Row | undefined;
    return row ? rowToEvent(row) : undefined;
  }

  /** Newest first, with a cursor for the next page. Rows that no longer parse are skipped. */
  list(query: ListQuery = {}): ListResult {
    const limit = Math.min(MAX_LIMIT, Math.max(1, Math.trunc(query.limit ?? 100)));
    const { sql, params } = whereClause(query);
    let where = sql;
    if (query.cursor !== undefined) {
      const { time, id } = decodeCursor(query.cursor);
      where = `${where ? `${where} AND` : "WHERE"} (time < ? OR (time = ? AND id < ?))`;
      params.push(time, time, id);
    }
    const rows = this.db.prepare(`SELECT * FROM events ${where} ORDER BY time DESC, id DESC LIMIT ?`).all(...params, limit + 1) as Row[];
    const page = rows.slice(0, limit);
    const events = page.map(rowToEvent).filter((e): e is StoredEvent => e !== undefined);
    const last = page.at(-1);
    const next = rows.length > limit && last ? encodeCursor({ time: Number(last.time), id: String(last.id) }) : null;
    return { events, next };
  }

  /** Every matching event, oldest first, read lazily (for exports of any size). */
  *iterate(filter: EventFilter = {}): Generator<StoredEvent> {
    const { sql, params } = whereClause(filter);
    for (const row of this.db.prepare(`SELECT * FROM events ${sql} ORDER BY time ASC, id ASC`).iterate(...params)) {
      const event = rowToEvent(row as Row);
      if (event) yield event;
    }
  }

  count(filter: EventFilter = {}): number {
    const { sql, params } = whereClause(filter);
    return Number((this.db.prepare(`SELECT count(*) AS n FROM events ${sql}`).get(...params) as { n: number }).n);
  }

  /** Sets or clears (mark null) an operator's mark. Returns the updated event, or undefined if unknown. */
  mark(id: string, mark: Mark | null, note: string | null = null, now = Date.now()): StoredEvent | undefined {
    const changed = this.setMark.run(mark, mark === null ? null : note, mark === null ? null : now, id).changes;
    return changed > 0 ? this.get(id) : undefined;
  }

  /** Totals per bucket from the per-minute counts, zero-filled; bucketMs is rounded to whole minutes. */
  series(options: { since: number; until: number; bucketMs: number; route?: string }): Series {
    const bucketMinutes = Math.max(1, Math.round(options.bucketMs / MINUTE_MS));
    const bucketMs = bucketMinutes * MINUTE_MS;
    const first = Math.floor(options.since / bucketMs);
    const last = Math.floor((options.until - 1) / bucketMs);
    const params: SqlValue[] = [bucketMinutes, first * bucketMinutes, (last + 1) * bucketMinutes];
    let sql = "SELECT minute / CAST(? AS INTEGER) AS b, outcome, SUM(n) AS n FROM counts WHERE minute >= ? AND minute < ?";
    if (options.route !== undefined) {
      sql += " AND route = ?";
      params.push(options.route);
    }
    sql += " GROUP BY b, outcome";
    const points: SeriesPoint[] = [];
    for (let b = first; b <= last; b++) points.push({ t: b * bucketMs, pass: 0, block: 0, review: 0, would_block: 0 });
    for (const row of this.db.prepare(sql).all(...params) as { b: number; outcome: string; n: number }[]) {
      const point = points[Number(row.b) - first];
      if (point && (row.outcome === "pass" || row.outcome === "block" || row.outcome === "review" || row.outcome === "would_block")) point[row.outcome] += Number(row.n);
    }
    return { since: first * bucketMs, until: (last + 1) * bucketMs, bucket_ms: bucketMs, points };
  }

  /** Totals per route and outcome since a time (from the counts, so passes are included). */
  totals(since: number): Record<string, Record<StoredOutcome, number>> {
    const rows = this.db.prepare("SELECT route, outcome, SUM(n) AS n FROM counts WHERE minute >= ? GROUP BY route, outcome").all(Math.floor(since / MINUTE_MS)) as { route: string; outcome: StoredOutcome; n: number }[];
    const totals: Record<string, Record<StoredOutcome, number>> = {};
    for (const row of rows) {
      const route = (totals[row.route] ??= { pass: 0, block: 0, review: 0, would_block: 0 });
      if (row.outcome in route) route[row.outcome] += Number(row.n);
    }
    return totals;
  }

  /**
   * Applies retention: events (and counts) older than the age limit, then the oldest events
   * beyond maxRows. Deletes at most `chunk` rows per call.
   */
  prune(options: { now: number; retentionMs: number; maxRows: number; chunk?: number }): PruneResult {
    const chunk = options.chunk ?? 5000;
    const cutoff = options.now - options.retentionMs;
    let deleted = 0;
    this.db.transaction(() => {
      deleted += this.db.prepare(DELETE_OLD_EVENTS).run(cutoff, chunk).changes;
      this.db.prepare(DELETE_OLD_COUNTS).run(Math.floor(cutoff / MINUTE_MS));
    })();
    this.rows = Math.max(0, this.rows - deleted);
    const excess = this.rows - options.maxRows;
    if (excess > 0 && deleted < chunk) {
      const n = Math.min(excess, chunk - deleted);
      const byCount = this.db.prepare(DELETE_OLDEST_EVENTS).run(n).changes;
      deleted += byCount;
      this.rows = Math.max(0, this.rows - byCount);
    }
    return { deleted, more: deleted >= chunk };
  }

  /** Writes the WAL back into the main file (the store stays usable). */
  checkpoint(): void {
    this.db.pragma("wal_checkpoint(TRUNCATE)");
  }

  close(): void {
    if (!this.db.open) return;
    try {
      this.db.pragma("optimize");
    } catch {
      // Only a planner hint; closing matters more.
    }
    this.db.close();
  }
}
