/** Structured JSON logs, one line per record. Secrets never reach it: callers pass no headers. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  level: LogLevel;
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

let pending = "";
let flushScheduled = false;
const FLUSH_AT_CHARS = 64 * 1024;

function flushStdout(): void {
  flushScheduled = false;
  if (pending === "") return;
  const out = pending;
  pending = "";
  process.stdout.write(out);
}

/**
 * Log lines to stdout, gathered until the end of the event-loop turn: under load one write (a
 * syscall, the dominant cost per request on a busy proxy) carries the lines of many requests,
 * at low load each line still leaves within the turn. Lines still pending when the process exits
 * are written by the exit handler.
 */
export function writeToStdout(line: string): void {
  pending += line;
  if (pending.length >= FLUSH_AT_CHARS) {
    flushStdout();
    return;
  }
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flushStdout);
  }
}
process.on("exit", flushStdout);

export function createLogger(level: LogLevel = "info", write: (line: string) => void = writeToStdout): Logger {
  const logger: Logger = {
    level,
    debug: (msg, fields) => log("debug", msg, fields),
    info: (msg, fields) => log("info", msg, fields),
    warn: (msg, fields) => log("warn", msg, fields),
    error: (msg, fields) => log("error", msg, fields),
  };
  function log(at: LogLevel, msg: string, fields?: Record<string, unknown>): void {
    if (ORDER[at] < ORDER[logger.level]) return;
    write(`${logLine(at, msg, fields)}\n`);
  }
  return logger;
}

let isoMs = Number.NaN;
let isoText = "";

/** The current time as ISO 8601; formatted once per millisecond, however many lines share it. */
function isoNow(): string {
  const now = Date.now();
  if (now !== isoMs) {
    isoMs = now;
    isoText = new Date(now).toISOString();
  }
  return isoText;
}

const keyPrefixes = new Map<string, string>();

function keyPrefix(key: string): string {
  let prefix = keyPrefixes.get(key);
  if (prefix === undefined) {
    prefix = `,${JSON.stringify(key)}:`;
    // Field names come from code, so the cache stays small; bound it anyway.
    if (keyPrefixes.size < 1000) keyPrefixes.set(key, prefix);
  }
  return prefix;
}

function jsonValue(value: unknown): string | undefined {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  return JSON.stringify(value);
}

/**
 * The same text as JSON.stringify({ time, level, msg, ...fields }), written field by field: the
 * request log formats one line per request, and spreading sixteen fields into a fresh object only
 * to have JSON.stringify walk it again (and skip the undefined ones) cost about twice as much.
 */
export function logLine(level: LogLevel, msg: string, fields?: Record<string, unknown>): string {
  // A field named like a fixed one would take its place in the object form; keep that rare case exact.
  if (fields !== undefined && ("time" in fields || "level" in fields || "msg" in fields)) return JSON.stringify({ time: isoNow(), level, msg, ...fields });
  let line = `{"time":"${isoNow()}","level":"${level}","msg":${JSON.stringify(msg)}`;
  for (const key in fields) {
    if (!Object.hasOwn(fields, key)) continue;
    // Integer-like keys come first in an object whatever their place: let JSON.stringify order them.
    const first = key.charCodeAt(0);
    if (first >= 48 && first <= 57) return JSON.stringify({ time: isoNow(), level, msg, ...fields });
    const text = jsonValue(fields[key]);
    if (text !== undefined) line += keyPrefix(key) + text;
  }
  return `${line}}`;
}
