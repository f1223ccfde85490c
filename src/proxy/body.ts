/** Reads a request body into memory with a hard size limit (413 beyond it). */
import type { IncomingMessage } from "node:http";
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

export function readBody(incoming: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(incoming.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    incoming.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error?: Error): void => {
      if (done) return;
      done = true;
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("error", onError);
      incoming.off("aborted", onAborted);
      if (error) reject(error);
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
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
