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
let lastFlush = Number.NEGATIVE_INFINITY;
const FLUSH_AT_CHARS = 64 * 1024;
const MIN_FLUSH_GAP_MS = 5;

function flushStdout(): void {
  flushScheduled = false;
  if (pending === "") return;
  const out = pending;
  pending = "";
  lastFlush = performance.now();
  process.stdout.write(out);
}

/**
 * Log lines to stdout, gathered until the end of the event-loop turn, and at most one write every
 * 5 ms: under load one write (a syscall, tens of microseconds on some machines, and the dominant
 * cost per request of the log) carries the lines of many requests, where once per turn it still
 * carried only one to three; at low load each line still leaves within its turn. Lines still
 * pending when the process exits are written by the exit handler.
 */
export function writeToStdout(line: string): void {
  pending += line;
  if (pending.length >= FLUSH_AT_CHARS) {
    flushStdout();
    return;
  }
  if (flushScheduled) return;
  flushScheduled = true;
  const wait = lastFlush + MIN_FLUSH_GAP_MS - performance.now();
  if (wait <= 0) setImmediate(flushStdout);
  else setTimeout(flushStdout, wait);
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
let isoMinute = Number.NaN;
let isoMinuteText = "";

/**
 * `new Date(ms).toISOString()`, for times from 1970 to 9999. The request log stamps every line and
 * at a few thousand requests per second nearly every line falls in a new millisecond, so a Date
 * and its formatting per line showed in the profile: the date, hour and minute are formatted once
 * a minute and the seconds and milliseconds appended.
 */
export function isoTime(ms: number): string {
  if (ms === isoMs) return isoText;
  const inMinute = ms % 60_000;
  const minute = ms - inMinute;
  if (minute !== isoMinute) {
    isoMinute = minute;
    isoMinuteText = new Date(minute).toISOString().slice(0, 17); // "2026-11-23T07:15:"
  }
  const seconds = Math.floor(inMinute / 1000);
  const millis = inMinute % 1000;
  isoMs = ms;
  isoText = `${isoMinuteText}${seconds < 10 ? "0" : ""}${seconds}.${millis < 10 ? "00" : millis < 100 ? "0" : ""}${millis}Z`;
  return isoText;
}

function isoNow(): string {
  return isoTime(Date.now());
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
