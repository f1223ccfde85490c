/**
 * The slice of better-sqlite3 the event store uses, typed here because the package ships no
 * types (and @types/better-sqlite3 is not a dependency). Loaded on first use, so commands that
 * never touch the store do not load the native addon.
 */
import { createRequire } from "node:module";

export type SqlValue = string | number | bigint | null | Buffer;
export type SqlParams = readonly SqlValue[] | Record<string, SqlValue>;

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface Statement {
  run(...params: SqlValue[] | [Record<string, SqlValue>]): RunResult;
  get(...params: SqlValue[] | [Record<string, SqlValue>]): unknown;
  all(...params: SqlValue[] | [Record<string, SqlValue>]): unknown[];
  iterate(...params: SqlValue[] | [Record<string, SqlValue>]): IterableIterator<unknown>;
}

export interface Database {
  readonly open: boolean;
  readonly inTransaction: boolean;
  readonly name: string;
  prepare(sql: string): Statement;
  exec(sql: string): Database;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  close(): Database;
}

interface DatabaseOptions {
  readonly?: boolean;
  fileMustExist?: boolean;
  timeout?: number;
}

type DatabaseConstructor = new (file: string, options?: DatabaseOptions) => Database;

export interface SqliteErrorLike extends Error {
  code: string;
}

let constructor: DatabaseConstructor | undefined;

export function openDatabase(file: string, options: DatabaseOptions = {}): Database {
  constructor ??= createRequire(import.meta.url)("better-sqlite3") as DatabaseConstructor;
  return new constructor(file, options);
}

/** better-sqlite3 errors carry SQLite's result code name (SQLITE_BUSY, SQLITE_CORRUPT, ...). */
export function sqliteCode(error: unknown): string | undefined {
  if (error instanceof Error && typeof (error as Partial<SqliteErrorLike>).code === "string") return (error as SqliteErrorLike).code;
  return undefined;
}
