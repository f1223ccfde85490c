/**
 * The event store's write statements and how an event becomes their parameters. Shared by the
 * EventStore (the CLI, tests) and the EventWriter, whose worker thread only runs statements.
 */
import type { StoredEvent } from "./record.js";
import { EVENT_COLUMNS } from "./schema.js";
import type { SqlValue } from "./sqlite.js";

export const INSERT_EVENT = `INSERT OR IGNORE INTO events (${EVENT_COLUMNS.join(", ")}) VALUES (${EVENT_COLUMNS.map(() => "?").join(", ")})`;
export const UPSERT_COUNT = "INSERT INTO counts (minute, route, outcome, n) VALUES (?, ?, ?, ?) ON CONFLICT (minute, route, outcome) DO UPDATE SET n = n + excluded.n";
export const SET_MARK = "UPDATE events SET mark = ?, mark_note = ?, marked_at = ? WHERE id = ?";
/** (cutoff time, chunk) */
export const DELETE_OLD_EVENTS = "DELETE FROM events WHERE rowid IN (SELECT rowid FROM events WHERE time < ? LIMIT ?)";
/** (cutoff minute) */
export const DELETE_OLD_COUNTS = "DELETE FROM counts WHERE minute < ?";
/** (how many) */
export const DELETE_OLDEST_EVENTS = "DELETE FROM events WHERE rowid IN (SELECT rowid FROM events ORDER BY time ASC, rowid ASC LIMIT ?)";
export const COUNT_EVENTS = "SELECT count(*) AS n FROM events";

/** What the writer's worker needs to turn an event object into a row, as eventToParams does. */
export const WORKER_EVENT_COLUMNS = {
  columns: [...EVENT_COLUMNS],
  booleans: ["fail_open", "fail_closed", "stream"],
  json: ["trace", "sanitization"],
  insertEvent: INSERT_EVENT,
  upsertCount: UPSERT_COUNT,
};

export function eventToParams(event: StoredEvent): SqlValue[] {
  return EVENT_COLUMNS.map((column): SqlValue => {
    switch (column) {
      case "fail_open":
      case "fail_closed":
      case "stream":
        return event[column] ? 1 : 0;
      case "trace":
        return JSON.stringify(event.trace);
      case "sanitization":
        return event.sanitization ? JSON.stringify(event.sanitization) : null;
      default:
        return event[column];
    }
  });
}
