/**
 * The event store's tables. `events` holds one row per stored event (flagged ones, and passes
 * where a route asks); `counts` holds per-minute totals of every evaluated request by route and
 * outcome, so the chart can show passes that were never stored.
 */
export const SCHEMA_VERSION = 2;

export const EVENT_COLUMNS = [
  "id",
  "time",
  "route",
  "mode",
  "outcome",
  "verdict",
  "category",
  "tier",
  "explanation",
  "attack_probability",
  "fail_open",
  "fail_closed",
  "action",
  "status",
  "upstream_status",
  "upstream_latency_ms",
  "latency_ms",
  "eval_ms",
  "model",
  "stream",
  "prompt",
  "prompt_chars",
  "trace",
  "sanitization",
  "error",
  "mark",
  "mark_note",
  "marked_at",
  "answer",
  "finish_reason",
] as const;

export const CREATE_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY NOT NULL,
  time INTEGER NOT NULL,
  route TEXT NOT NULL,
  mode TEXT NOT NULL,
  outcome TEXT NOT NULL,
  verdict TEXT NOT NULL,
  category TEXT NOT NULL,
  tier INTEGER NOT NULL,
  explanation TEXT NOT NULL,
  attack_probability REAL NOT NULL,
  fail_open INTEGER NOT NULL,
  fail_closed INTEGER NOT NULL,
  action TEXT NOT NULL,
  status INTEGER NOT NULL,
  upstream_status INTEGER,
  upstream_latency_ms REAL,
  latency_ms REAL NOT NULL,
  eval_ms REAL NOT NULL,
  model TEXT,
  stream INTEGER NOT NULL,
  prompt TEXT,
  prompt_chars INTEGER NOT NULL,
  trace TEXT NOT NULL,
  sanitization TEXT,
  error TEXT,
  mark TEXT,
  mark_note TEXT,
  marked_at INTEGER,
  answer TEXT,
  finish_reason TEXT
);
CREATE INDEX IF NOT EXISTS events_time ON events (time);
CREATE INDEX IF NOT EXISTS events_route_time ON events (route, time);
CREATE INDEX IF NOT EXISTS events_verdict_time ON events (verdict, time);
CREATE INDEX IF NOT EXISTS events_marked ON events (mark, time) WHERE mark IS NOT NULL;
CREATE TABLE IF NOT EXISTS counts (
  minute INTEGER NOT NULL,
  route TEXT NOT NULL,
  outcome TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (minute, route, outcome)
) WITHOUT ROWID;
`;

/**
 * Columns each schema version added to an existing table (CREATE_SCHEMA only creates missing
 * tables). Applied only where the column is missing, so a half-migrated file is finished, not refused.
 */
export const ADDED_COLUMNS: Readonly<Record<number, ReadonlyArray<{ table: string; column: string; type: string }>>> = {
  // 2: what the upstream answered (excerpt, finish reason).
  2: [
    { table: "events", column: "answer", type: "TEXT" },
    { table: "events", column: "finish_reason", type: "TEXT" },
  ],
};
