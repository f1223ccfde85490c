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
    write(`${JSON.stringify({ time: new Date().toISOString(), level: at, msg, ...fields })}\n`);
  }
  return logger;
}
