/**
 * Reads a request body into memory with a hard size limit: 413 beyond it, or, for a route that
 * must forward what it cannot judge (log mode), the whole body back as a stream.
 */
import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import { HttpError, errorBody } from "./errors.js";

/** The client went away (or broke its connection) while sending its request. */
export class ClientGoneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ClientGoneError";
  }
}

export function tooLarge(limit: number): HttpError {
  return new HttpError(413, errorBody(`request body is larger than the limit of ${limit} bytes`, "invalid_request_error", "request_too_large"));
}

/** A body over the limit, still whole: the part already read, then the rest of the request. */
export interface OversizeBody {
  oversize: Readable;
  limit: number;
}

async function* readOnFrom(head: Buffer[], incoming: IncomingMessage): AsyncGenerator<Buffer> {
  yield* head;
  for await (const chunk of incoming) yield chunk as Buffer;
}

function collect(incoming: IncomingMessage, limit: number, keepOversize: boolean): Promise<Buffer | OversizeBody> {
  const declared = Number(incoming.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    if (keepOversize) return Promise.resolve({ oversize: incoming, limit });
    incoming.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const stop = (): void => {
      done = true;
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("error", onError);
      incoming.off("aborted", onAborted);
    };
    const finish = (error?: Error): void => {
      if (done) return;
      stop();
      if (error) reject(error);
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        if (keepOversize) {
          // The rest is read by whoever forwards the body; nothing read so far is lost.
          incoming.pause();
          stop();
          chunks.push(chunk);
          resolve({ oversize: Readable.from(readOnFrom(chunks, incoming)), limit });
          return;
        }
        incoming.resume();
        finish(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish();
    const onError = (error: Error): void => finish(new ClientGoneError(`client connection failed while sending the request body (${(error as NodeJS.ErrnoException).code ?? error.message})`));
    const onAborted = (): void => finish(new ClientGoneError("client disconnected while sending the request body"));
    incoming.on("data", onData);
    incoming.on("end", onEnd);
    incoming.on("error", onError);
    incoming.on("aborted", onAborted);
  });
}

export function readBody(incoming: IncomingMessage, limit: number): Promise<Buffer> {
  return collect(incoming, limit, false) as Promise<Buffer>;
}

/** readBody for a route that forwards what it cannot judge: over the limit, the whole body as a stream. */
export function readBodyOrKeep(incoming: IncomingMessage, limit: number): Promise<Buffer | OversizeBody> {
  return collect(incoming, limit, true);
}
