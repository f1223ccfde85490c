/**
 * The event store's writing connection runs in a worker thread. SQLite calls are synchronous,
 * and a WAL checkpoint fsyncs the file: measured on a busy disk, one batch held its thread for
 * over a second. In the worker that stalls nothing the proxy does, and a lock held by another
 * process can be waited out with a long busy timeout.
 *
 * The worker is plain JavaScript run with `eval`, so it starts the same way from a checkout (tsx,
 * vitest) and from the compiled package. It gets its statements and the event columns from
 * src/events/sql.ts through workerData, and runs each request in one transaction. The protocol
 * is typed in src/events/worker-protocol.ts.
 */
export const SQLITE_WORKER_SOURCE = String.raw`
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
let db;
const statements = new Map();

function codeOf(error) {
  return error && typeof error.code === "string" ? error.code : null;
}
function messageOf(error) {
  return error && error.message ? String(error.message) : String(error);
}
// Events arrive as objects (cheaper to hand over than prepared rows); columns as in src/events/sql.ts.
const { columns, booleans, json, insertEvent, upsertCount } = workerData.events;
const booleanColumns = new Set(booleans);
const jsonColumns = new Set(json);
function eventParams(event) {
  return columns.map((c) => (booleanColumns.has(c) ? (event[c] ? 1 : 0) : jsonColumns.has(c) ? (event[c] == null ? null : JSON.stringify(event[c])) : event[c]));
}
function prepared(sql) {
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}

try {
  db = new Database(workerData.file, { fileMustExist: true, timeout: workerData.busyTimeoutMs });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  parentPort.postMessage({ op: "opened" });
} catch (error) {
  parentPort.postMessage({ op: "open_failed", message: messageOf(error), code: codeOf(error) });
}

parentPort.on("message", (request) => {
  if (request.op === "close") {
    if (db) {
      try {
        db.pragma("optimize");
      } catch {}
      db.close();
      db = undefined;
    }
    parentPort.postMessage({ op: "closed", seq: request.seq });
    return;
  }
  if (!db) {
    parentPort.postMessage({ op: "failed", seq: request.seq, message: "the event store is not open", code: null });
    return;
  }
  try {
    if (request.op === "insert") {
      const started = performance.now();
      let inserted = 0;
      db.transaction(() => {
        const insert = prepared(insertEvent);
        for (const event of request.events) inserted += insert.run(...eventParams(event)).changes;
        const upsert = prepared(upsertCount);
        for (const count of request.counts) upsert.run(...count);
      })();
      parentPort.postMessage({ op: "written", seq: request.seq, changes: [inserted], ms: performance.now() - started });
    } else if (request.op === "write") {
      const started = performance.now();
      const changes = [];
      db.transaction(() => {
        for (const step of request.steps) {
          const statement = prepared(step.sql);
          let n = 0;
          for (const params of step.rows) n += statement.run(...params).changes;
          changes.push(n);
        }
      })();
      parentPort.postMessage({ op: "written", seq: request.seq, changes, ms: performance.now() - started });
    } else if (request.op === "get") {
      parentPort.postMessage({ op: "row", seq: request.seq, row: prepared(request.sql).get(...request.params) ?? null });
    }
  } catch (error) {
    parentPort.postMessage({ op: "failed", seq: request.seq, message: messageOf(error), code: codeOf(error) });
  }
});
`;
