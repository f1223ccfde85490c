/**
 * Writes an upstream response to the client as it arrives: no buffering, backpressure honoured.
 * A stream that breaks half-way ends properly: SSE clients get an error event they can parse,
 * other bodies are cut so the client sees an incomplete response rather than a silent truncation.
 */
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import type { UpstreamResponse } from "../upstream/client.js";
import { responseHeadersForClient, type HeaderMap } from "../upstream/headers.js";

export interface RelayResult {
  /** The whole body reached the client. */
  completed: boolean;
  error?: string;
}

function isEventStream(headers: Record<string, string | string[] | undefined>): boolean {
  const type = headers["content-type"];
  return typeof type === "string" && type.toLowerCase().startsWith("text/event-stream");
}

/** `tap` sees every chunk after it was handed to the client (to read usage and the answer). */
export function relayResponse(res: ServerResponse, upstream: UpstreamResponse, extraHeaders: HeaderMap, tap?: (chunk: Buffer) => void): Promise<RelayResult> {
  const sse = isEventStream(upstream.headers);
  res.writeHead(upstream.status, responseHeadersForClient(upstream.headers, false, extraHeaders));
  if (sse) res.flushHeaders();
  const body = upstream.body;
  return new Promise<RelayResult>((resolve) => {
    let settled = false;
    const settle = (result: RelayResult): void => {
      if (settled) return;
      settled = true;
      body.off("data", onData);
      body.off("end", onEnd);
      body.off("error", onError);
      res.off("close", onClose);
      res.off("drain", onDrain);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      if (!res.write(chunk)) body.pause();
      tap?.(chunk);
    };
    const onDrain = (): void => {
      body.resume();
    };
    const onEnd = (): void => {
      res.end();
      settle({ completed: true });
    };
    const onError = (error: Error): void => {
      const message = `upstream stream interrupted: ${(error as { code?: string }).code ?? error.message}`;
      if (sse && !res.writableEnded && !res.destroyed) {
        res.end(`data: ${JSON.stringify({ error: { message, type: "upstream_error", param: null, code: "upstream_stream_error" } })}\n\n`);
      } else {
        res.destroy(error);
      }
      settle({ completed: false, error: message });
    };
    const onClose = (): void => {
      if (!res.writableFinished) {
        body.destroy();
        settle({ completed: false, error: "client disconnected" });
      }
    };
    body.on("data", onData);
    body.on("end", onEnd);
    body.on("error", onError);
    res.on("drain", onDrain);
    res.on("close", onClose);
  });
}

/** The headers of Moat's own answers that a browser app may read (the OpenAI SDK reads x-request-id). */
const EXPOSED_HEADERS = "x-request-id, x-moat-event-id, x-moat-verdict, x-moat-tier, x-moat-category";

/** Content types a browser sends without a preflight (a "simple" request). */
const SIMPLE_CONTENT_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]);

/**
 * Whether a browser must have sent a preflight for this request: it carries an Authorization
 * header or a content type a form cannot send (the OpenAI SDKs send both). Moat forwards
 * preflights, so the upstream has then allowed this origin.
 */
function wasPreflighted(headers: IncomingHttpHeaders): boolean {
  if (headers.authorization !== undefined) return true;
  const type = headers["content-type"]?.split(";")[0]?.trim().toLowerCase() ?? "";
  return type !== "" && !SIMPLE_CONTENT_TYPES.has(type);
}

/**
 * CORS for an answer Moat writes itself (a refusal, an error): without it the browser hides the
 * refusal from the app that the upstream allowed, which sees a network error instead. Only for
 * preflighted requests, so that no other page can read Moat's answers; requests without an
 * Origin (servers, the SDK in Node) get none.
 */
function corsForOwnAnswer(res: ServerResponse): HeaderMap {
  // res.req is unset only for a response built outside an HTTP server (some tests).
  const headers = (res.req as ServerResponse["req"] | undefined)?.headers;
  const origin = headers?.origin;
  if (!headers || typeof origin !== "string" || origin === "" || !wasPreflighted(headers)) return {};
  return { "access-control-allow-origin": origin, "access-control-expose-headers": EXPOSED_HEADERS, vary: "Origin" };
}

export function sendJson(res: ServerResponse, status: number, payload: unknown, headers: HeaderMap = {}): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...corsForOwnAnswer(res), ...headers });
  res.end(body);
}

export function sendEventStream(res: ServerResponse, body: string, headers: HeaderMap = {}): void {
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "content-length": Buffer.byteLength(body), ...corsForOwnAnswer(res), ...headers });
  res.end(body);
}
