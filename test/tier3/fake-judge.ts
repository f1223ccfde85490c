/**
 * A fake OpenAI-compatible judge on 127.0.0.1 (node:http). Each test scripts the reply; the server
 * records every request and whether the client went away before the reply finished.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { chunk, DONE, type JudgeRequestBody } from "./helpers.js";

export interface JudgeRequest {
  body: JudgeRequestBody;
  /** Resolves when the client closed the connection before the reply was finished. */
  aborted: Promise<void>;
  wasAborted(): boolean;
}

export type JudgeScript = (res: ServerResponse, request: JudgeRequest, req: IncomingMessage) => void | Promise<void>;

export interface FakeJudge {
  baseUrl: string;
  requests: JudgeRequest[];
  script(handler: JudgeScript): void;
  close(): Promise<void>;
}

export function startStream(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.write(chunk(""));
}

export function send(res: ServerResponse, text: string): void {
  res.write(chunk(text));
}

export function finish(res: ServerResponse): void {
  res.write(chunk(null, "stop"));
  res.end(DONE);
}

export async function startFakeJudge(): Promise<FakeJudge> {
  let handler: JudgeScript = (res) => {
    startStream(res);
    send(res, "P");
    finish(res);
  };
  const requests: JudgeRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => {
      let aborted = false;
      let resolveAborted!: () => void;
      const abortedPromise = new Promise<void>((resolve) => {
        resolveAborted = resolve;
      });
      res.on("close", () => {
        if (!res.writableFinished) {
          aborted = true;
          resolveAborted();
        }
      });
      const request: JudgeRequest = {
        body: JSON.parse(Buffer.concat(parts).toString("utf8")) as JudgeRequestBody,
        aborted: abortedPromise,
        wasAborted: () => aborted,
      };
      requests.push(request);
      Promise.resolve(handler(res, request, req)).catch(() => res.destroy());
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script(next) {
      handler = next;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A pause inside a scripted reply (never used to time assertions). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
