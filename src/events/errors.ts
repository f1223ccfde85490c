/**
 * An event store that cannot be used, said in words an operator can act on: which file, what is
 * wrong with it, and what to do.
 */
import { sqliteCode } from "./sqlite.js";

export class EventStoreError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly remedy: string,
    readonly code?: string,
  ) {
    super(`event store ${file}: ${problem}. ${remedy}`);
    this.name = "EventStoreError";
  }
}

const DAMAGED = new Set(["SQLITE_NOTADB", "SQLITE_CORRUPT", "SQLITE_CORRUPT_INDEX", "SQLITE_CORRUPT_SEQUENCE", "SQLITE_CORRUPT_VTAB", "SQLITE_IOERR_SHORT_READ"]);

/** Translates an error from opening the store into an EventStoreError. */
export function openError(file: string, error: unknown): EventStoreError {
  if (error instanceof EventStoreError) return error;
  const code = sqliteCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code !== undefined && DAMAGED.has(code)) {
    return new EventStoreError(
      file,
      `the file is not a usable SQLite database (${message})`,
      `Stop Moat, move the file aside (e.g. mv "${file}" "${file}.damaged", and its -wal and -shm files if present) or point events.path at another file; Moat then starts a fresh store. Until then the proxy runs without storing events`,
      code,
    );
  }
  if (code === "SQLITE_CANTOPEN" || code === "SQLITE_READONLY" || code === "SQLITE_PERM" || code === "SQLITE_AUTH") {
    return new EventStoreError(file, `cannot open the file for writing (${message})`, "Check that its folder exists and is writable by the Moat process, or set events.path elsewhere", code);
  }
  if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED") {
    return new EventStoreError(file, `the file is locked by another process (${message})`, "Stop the other process using it, or give this proxy its own events.path", code);
  }
  return new EventStoreError(file, `cannot be opened (${message})`, "Move the file aside or set events.path to another file", code);
}
