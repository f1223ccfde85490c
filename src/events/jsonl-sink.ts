/**
 * One JSON line per stored event, for log shippers (Vector, Fluent Bit, Filebeat...): to stdout
 * or appended to a file. Lines are gathered and written together off the request path; a file
 * that cannot keep up is bounded, and the excess is counted as dropped.
 */
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { dirname } from "node:path";
import type { StoredEvent } from "./record.js";

export interface JsonlSinkOptions {
  flushIntervalMs?: number;
  /** Bytes waiting (buffered here and in the stream) beyond which new lines are dropped. */
  maxPendingBytes?: number;
  onError?: (message: string, fields: Record<string, unknown>) => void;
}

interface Output {
  write(chunk: string): void;
  pendingBytes(): number;
  close(): Promise<void>;
}

function stdoutOutput(): Output {
  return {
    write: (chunk) => void process.stdout.write(chunk),
    pendingBytes: () => process.stdout.writableLength,
    close: async () => undefined,
  };
}

function fileOutput(path: string, onError: JsonlSinkOptions["onError"]): Output {
  mkdirSync(dirname(path), { recursive: true });
  const stream: WriteStream = createWriteStream(path, { flags: "a" });
  let failed = false;
  stream.on("error", (error) => {
    if (!failed) onError?.("event JSONL file cannot be written; lines are being dropped", { file: path, error: error.message });
    failed = true;
  });
  return {
    write: (chunk) => {
      if (!failed) stream.write(chunk);
    },
    pendingBytes: () => (failed ? Number.POSITIVE_INFINITY : stream.writableLength),
    close: () => new Promise<void>((resolve) => (failed ? resolve() : stream.end(() => resolve()))),
  };
}

export class JsonlSink {
  private lines: string[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly output: Output;
  private readonly flushIntervalMs: number;
  private readonly maxPendingBytes: number;
  dropped = 0;
  written = 0;

  /** target: "stdout" or a file path. */
  constructor(
    readonly target: string,
    options: JsonlSinkOptions = {},
  ) {
    this.output = target === "stdout" ? stdoutOutput() : fileOutput(target, options.onError);
    this.flushIntervalMs = options.flushIntervalMs ?? 100;
    this.maxPendingBytes = options.maxPendingBytes ?? 16 * 1024 * 1024;
  }

  write(event: StoredEvent): void {
    if (this.bytes + this.output.pendingBytes() > this.maxPendingBytes) {
      this.dropped++;
      return;
    }
    const line = `${JSON.stringify({ kind: "moat_event", ...event })}\n`;
    this.lines.push(line);
    this.bytes += line.length;
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushIntervalMs);
      this.timer.unref();
    }
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.lines.length === 0) return;
    const chunk = this.lines.join("");
    this.written += this.lines.length;
    this.lines = [];
    this.bytes = 0;
    this.output.write(chunk);
  }

  async close(): Promise<void> {
    this.flush();
    await this.output.close();
  }
}
