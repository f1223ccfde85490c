/**
 * The request path for routed traffic: chat completions are judged per the route's mode,
 * everything else below the prefix is forwarded as is.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import { sanitizeMessages } from "../firewall/conversation.js";
import type { ChatMessage, EvalResult } from "../firewall/types.js";
import type { UpstreamResponse } from "../upstream/client.js";
import { UpstreamError } from "../upstream/errors.js";
import { requestHeadersForUpstream, type HeaderMap } from "../upstream/headers.js";
import { createAnswerTap } from "./answer-tap.js";
import { ClientAbort } from "./client-abort.js";
import { newEventId } from "./event-id.js";
import { ClientGoneError, readBody, readBodyOrKeep } from "./body.js";
import { parseChatRequest, type ChatRequest } from "./chat-request.js";
import { errorBody, HttpError } from "./errors.js";
import { evaluateGuarded } from "./evaluation.js";
import type { Logger } from "./logger.js";
import type { Outcome, ProxyObserver, RequestEvent } from "./observer.js";
import { replaceTopLevelMember } from "./messages-splice.js";
import { isChatCompletionsPath } from "./paths.js";
import { refusalCompletion, refusalError, refusalStream } from "./refusal.js";
import { relayResponse, sendEventStream, sendJson } from "./relay.js";
import type { CompiledRoute, ProxyRuntime } from "./runtime.js";

export interface ProxyContext {
  runtime(): ProxyRuntime;
  observer: ProxyObserver;
  logger: Logger;
}

export interface RoutedRequest {
  req: IncomingMessage;
  res: ServerResponse;
  route: CompiledRoute;
  /** Path below the prefix, starting with /v1. */
  rest: string;
  query: string;
  maxBodyBytes: number;
  /** Bound on the firewall's evaluation (limits.evaluation_timeout_ms). */
  evaluationTimeoutMs: number;
  started: number;
}

const CHAT_PATH = "/v1/chat/completions";
const ANSWER_EXCERPT_CHARS = 1000;
/** Methods that OpenAI's API serves on the chat path besides POST (stored completions). */
const READ_METHODS = new Set(["GET", "HEAD", "DELETE", "OPTIONS"]);


function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000;
}

function upstreamFailure(error: unknown): HttpError | undefined {
  if (!(error instanceof UpstreamError)) return undefined;
  if (error.failure === "timeout") return new HttpError(504, errorBody(error.message, "upstream_error", "upstream_timeout"));
  if (error.failure === "unreachable") return new HttpError(502, errorBody(error.message, "upstream_error", "upstream_unreachable"));
  return undefined;
}

function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return true;
  const type = value.split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "application/json" || type.endsWith("+json");
}

export async function handleRouted(ctx: ProxyContext, r: RoutedRequest): Promise<void> {
  const { req, res, route, rest } = r;
  if (rest !== "/v1" && !rest.startsWith("/v1/")) {
    sendJson(res, 404, errorBody(`no such path: Moat forwards only /v1/... below the route prefix "${route.prefix}"`, "invalid_request_error", "not_found"));
    return;
  }
  if (route.mode !== "passthrough" && isChatCompletionsPath(rest)) {
    if (req.method === "POST") {
      await handleChat(ctx, r);
      return;
    }
    // A body sent with another method would reach a lenient upstream unjudged.
    if (!READ_METHODS.has(req.method ?? "")) {
      sendJson(res, 405, errorBody(`method ${req.method} is not allowed on ${CHAT_PATH}; use POST`, "invalid_request_error", "method_not_allowed"), { allow: "POST, GET, DELETE" });
      return;
    }
  }
  await forwardAsIs(ctx, r);
}

/**
 * Forwards the request with its body streamed, and relays the answer. `unjudged` is a log-mode chat
 * request too large to judge: its event, extra answer headers, and its body (the request itself,
 * or what was read of it followed by the rest).
 */
async function forwardAsIs(ctx: ProxyContext, r: RoutedRequest, unjudged?: { event: RequestEvent; body: Readable; headers: HeaderMap }): Promise<void> {
  const { req, res, route } = r;
  const abort = new ClientAbort(res);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const event: RequestEvent = unjudged?.event ?? baseEvent(r, "passthrough");
  // The client's declared length goes upstream with its streamed body, so undici sends the body
  // with its head in one write instead of chunked (framing and one more write per request). Node
  // refuses requests that declare both a length and a transfer-encoding.
  const length = hasBody && req.headers["transfer-encoding"] === undefined ? req.headers["content-length"] : undefined;
  const headers = requestHeadersForUpstream(req.headers);
  if (length !== undefined && length !== "0") headers["content-length"] = length;
  try {
    const upstreamStart = performance.now();
    const upstream = await route.upstream.request({
      method: req.method ?? "GET",
      path: r.rest.slice(3) + r.query,
      headers,
      body: unjudged?.body ?? (hasBody ? req : null),
      signal: abort,
    });
    event.upstreamStatus = upstream.status;
    event.upstreamLatencyMs = elapsed(upstreamStart);
    event.status = upstream.status;
    event.latencyMs = elapsed(r.started);
    const relayed = await relayResponse(res, upstream, unjudged?.headers ?? {});
    if (!relayed.completed && relayed.error) event.error = relayed.error;
  } catch (error) {
    failRequest(ctx, r, event, error);
  }
  ctx.observer.record(event);
}

function baseEvent(r: RoutedRequest, outcome: Outcome, id = ""): RequestEvent {
  return {
    id,
    time: Date.now(),
    route: r.route.name,
    mode: r.route.mode,
    method: r.req.method ?? "GET",
    path: r.rest,
    outcome,
    action: "forwarded",
    status: 0,
    latencyMs: 0,
    stream: false,
  };
}

function failRequest(ctx: ProxyContext, r: RoutedRequest, event: RequestEvent, error: unknown): void {
  const http = error instanceof HttpError ? error : upstreamFailure(error);
  event.latencyMs = elapsed(r.started);
  if (http) {
    event.status = http.status;
    event.action = http.status >= 500 ? "failed" : "rejected";
    event.error = http.body.error.message;
    if (!r.res.headersSent) sendJson(r.res, http.status, http.body, event.id ? { "x-moat-event-id": event.id } : {});
    return;
  }
  event.action = "failed";
  if (error instanceof UpstreamError && error.failure === "aborted") {
    event.error = "client disconnected";
    return;
  }
  if (error instanceof ClientGoneError) {
    event.error = error.message;
    r.res.destroy();
    return;
  }
  event.status = 500;
  event.error = error instanceof Error ? error.message : String(error);
  ctx.logger.error("request failed", { route: r.route.name, event_id: event.id || undefined, error: event.error, stack: error instanceof Error ? error.stack : undefined });
  if (!r.res.headersSent) sendJson(r.res, 500, errorBody("internal error in the Moat proxy; see its log", "server_error", "internal_error"));
  else r.res.destroy();
}

function diagnosticHeaders(route: CompiledRoute, result: EvalResult): HeaderMap {
  if (!route.config.diagnostics) return {};
  return { "x-moat-verdict": result.verdict, "x-moat-category": result.category, "x-moat-tier": String(result.tier) };
}

/** What the verdict means for this route in block mode. */
function refuses(route: CompiledRoute, result: EvalResult): boolean {
  return result.verdict === "block" || (result.verdict === "review" && route.config.on_review === "block");
}

async function handleChat(ctx: ProxyContext, r: RoutedRequest): Promise<void> {
  const { req, route } = r;
  const eventId = newEventId();
  const event = baseEvent(r, "pass", eventId);
  const eventHeaders: HeaderMap = { "x-moat-event-id": eventId };
  let raw: Buffer;
  try {
    const read = route.mode === "log" ? await readBodyOrKeep(req, r.maxBodyBytes) : await readBody(req, r.maxBodyBytes);
    if (!Buffer.isBuffer(read)) {
      // Log mode never changes what the client gets: a body too large to judge is forwarded unjudged.
      event.error = `not evaluated: request body is larger than limits.max_body_bytes (${read.limit} bytes)`;
      await forwardAsIs(ctx, r, { event, body: read.oversize, headers: eventHeaders });
      return;
    }
    raw = read;
  } catch (error) {
    failRequest(ctx, r, event, error);
    ctx.observer.record(event);
    return;
  }
  let chat: ChatRequest;
  try {
    if (!isJsonContentType(req.headers["content-type"])) {
      throw new HttpError(415, errorBody(`unsupported content type "${req.headers["content-type"]}": send application/json`, "invalid_request_error", "unsupported_media_type"));
    }
    chat = parseChatRequest(raw);
  } catch (error) {
    if (route.mode === "log" && error instanceof HttpError) {
      // Log mode never changes what the client gets: the upstream answers the malformed request.
      event.error = `not evaluated: ${error.message}`;
      await forwardChat(ctx, r, raw, new ClientAbort(r.res), event, eventHeaders);
      ctx.observer.record(event);
      return;
    }
    failRequest(ctx, r, event, error);
    ctx.observer.record(event);
    return;
  }
  event.model = chat.model;
  event.stream = chat.stream;

  if (route.mode === "log") await chatLogMode(ctx, r, chat, raw, event, eventHeaders);
  else await chatBlockMode(ctx, r, chat, raw, event, eventHeaders);
}

async function chatBlockMode(ctx: ProxyContext, r: RoutedRequest, chat: ChatRequest, raw: Buffer, event: RequestEvent, eventHeaders: HeaderMap): Promise<void> {
  const { res, route } = r;
  const abort = new ClientAbort(res);
  const result = await evaluateGuarded(route, chat.messages, { timeoutMs: r.evaluationTimeoutMs, signal: abort });
  event.result = result;
  event.prompt = result.prompt;
  event.outcome = result.verdict;
  if (abort.aborted) {
    event.action = "failed";
    event.error = "client disconnected";
    event.latencyMs = elapsed(r.started);
    ctx.observer.record(event);
    return;
  }
  const headers = { ...eventHeaders, ...diagnosticHeaders(route, result) };
  if (refuses(route, result)) {
    sendRefusal(res, route, chat, event.id, headers);
    event.action = "refused";
    event.status = route.config.refusal.style === "error" ? 400 : 200;
    event.latencyMs = elapsed(r.started);
    ctx.observer.record(event);
    return;
  }
  const sanitized = route.config.forward === "sanitized" && result.sanitization.changed ? sanitizeMessages(chat.messages) : undefined;
  const body = sanitized ? sanitizedBody(raw, chat, sanitized) : raw;
  // The answer is kept only in stored events: a pass on a route that stores no passes needs none.
  const keepAnswer = result.verdict !== "pass" || route.config.store_passes;
  await forwardChat(ctx, r, body, abort, event, headers, { keepAnswer });
  ctx.observer.record(event);
}

/** The client's body with only its messages replaced; re-serialized whole only when that cannot be done. */
function sanitizedBody(raw: Buffer, chat: ChatRequest, messages: ChatMessage[]): Buffer {
  const spliced = replaceTopLevelMember(raw.toString("utf8"), "messages", JSON.stringify(messages));
  return Buffer.from(spliced ?? JSON.stringify({ ...chat.body, messages }));
}

function sendRefusal(res: ServerResponse, route: CompiledRoute, chat: ChatRequest, eventId: string, eventHeaders: HeaderMap): void {
  const { style, message } = route.config.refusal;
  // The OpenAI clients report x-request-id as the request's id (`request_id`, `_request_id`): for a
  // refusal that is the event's id, which `moat events show` and the dashboard find.
  const headers = { ...eventHeaders, "x-request-id": eventId };
  if (style === "error") {
    sendJson(res, 400, refusalError(message), headers);
    return;
  }
  const id = `chatcmpl-moat-${eventId.slice(4)}`;
  const request = { model: chat.model, stream: chat.stream, includeUsage: chat.includeUsage, choices: chat.choices };
  if (chat.stream) sendEventStream(res, refusalStream(id, message, request), headers);
  else sendJson(res, 200, refusalCompletion(id, message, request), headers);
}

interface ForwardChatOptions {
  /** Runs when the upstream's answer starts, before any of it is relayed. */
  onResponse?: () => void;
  /** False skips reading the answer for the event (parsing it costs CPU on every request). */
  keepAnswer?: boolean;
}

async function forwardChat(ctx: ProxyContext, r: RoutedRequest, body: Buffer, abort: ClientAbort, event: RequestEvent, headers: HeaderMap, options: ForwardChatOptions = {}): Promise<void> {
  const { onResponse, keepAnswer = true } = options;
  try {
    const upstreamStart = performance.now();
    const upstream: UpstreamResponse = await r.route.upstream.request({
      method: "POST",
      path: `/chat/completions${r.query}`,
      headers: { "content-type": "application/json", ...requestHeadersForUpstream(r.req.headers) },
      body,
      signal: abort,
    });
    onResponse?.();
    event.upstreamStatus = upstream.status;
    event.upstreamLatencyMs = elapsed(upstreamStart);
    event.status = upstream.status;
    event.latencyMs = elapsed(r.started);
    const contentType = upstream.headers["content-type"];
    const tap = keepAnswer ? createAnswerTap(typeof contentType === "string" ? contentType : undefined, ANSWER_EXCERPT_CHARS) : undefined;
    const relayed = await relayResponse(r.res, upstream, headers, tap ? (chunk) => tap.write(chunk) : undefined);
    if (!relayed.completed && relayed.error) event.error = relayed.error;
    const answer = tap?.finish();
    if (answer) event.answer = answer;
  } catch (error) {
    failRequest(ctx, r, event, error);
  }
}

async function chatLogMode(ctx: ProxyContext, r: RoutedRequest, chat: ChatRequest, raw: Buffer, event: RequestEvent, eventHeaders: HeaderMap): Promise<void> {
  const { route } = r;
  const abort = new ClientAbort(r.res);
  // The upstream call goes out first and the verdict is only recorded. The evaluation waits for
  // the upstream's answer to start (or the call to fail), then for the next turn of the event loop,
  // by which time the bytes that came with the answer's head have been relayed: its CPU never sits
  // in front of the client's first bytes, even when the upstream answers faster than it evaluates.
  let answerStarted = (): void => undefined;
  const started = new Promise<void>((resolve) => {
    answerStarted = resolve;
  });
  const forwarded = forwardChat(ctx, r, raw, abort, event, eventHeaders, { onResponse: answerStarted }).finally(answerStarted);
  const evaluated = started.then(
    () =>
      new Promise<EvalResult>((resolve) => {
        setImmediate(() => {
          void evaluateGuarded(route, chat.messages, { timeoutMs: r.evaluationTimeoutMs }).then(resolve);
        });
      }),
  );
  const [, result] = await Promise.all([forwarded, evaluated]);
  if (result) {
    event.result = result;
    event.prompt = result.prompt;
    event.outcome = result.verdict === "pass" ? "pass" : refuses(route, result) ? "would_block" : "review";
  }
  ctx.observer.record(event);
}
