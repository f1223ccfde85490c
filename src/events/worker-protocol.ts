/** Messages between the EventWriter (main thread) and its SQLite worker thread. */
import type { StoredEvent } from "./record.js";
import type { SqlValue } from "./sqlite.js";

/** One statement run once per parameter row; all steps of a request share one transaction. */
export interface WriteStep {
  sql: string;
  rows: SqlValue[][];
}

export type WorkerRequest =
  /** Events as objects and counts as [minute, route, outcome, n]; the worker makes the rows. */
  | { op: "insert"; seq: number; events: StoredEvent[]; counts: [number, string, string, number][] }
  | { op: "write"; seq: number; steps: WriteStep[] }
  | { op: "get"; seq: number; sql: string; params: SqlValue[] }
  | { op: "close"; seq: number };

export type WorkerReply =
  | { op: "opened" }
  | { op: "open_failed"; message: string; code: string | null }
  | { op: "written"; seq: number; changes: number[]; ms: number }
  | { op: "row"; seq: number; row: Record<string, SqlValue> | null }
  | { op: "closed"; seq: number }
  | { op: "failed"; seq: number; message: string; code: string | null };
