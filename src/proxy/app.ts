/**
 * The Hono app: the proxy's own endpoints first (/healthz, and whatever admin endpoints are
 * mounted), then every other path goes through the route table.
 */
import { ServerResponse } from "node:http";
import type { Http2Bindings, HttpBindings } from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import { Hono } from "hono";
import { errorBody } from "./errors.js";
import { handleRouted, type ProxyContext } from "./handler.js";
import { isSafePath, matchPrefix, splitPathAndQuery } from "./paths.js";
import { sendJson } from "./relay.js";

export type ProxyApp = Hono<{ Bindings: HttpBindings }>;

export interface AppOptions {
  /** Mounts extra endpoints (admin, metrics) before the catch-all route table. */
  mount?: (app: ProxyApp) => void;
}

/** What @hono/node-server calls for each request. */
export type FetchCallback = (request: Request, env: HttpBindings | Http2Bindings) => Response | Promise<Response>;

const INVALID_PATH = errorBody("invalid request path: dot segments, encoded slashes or letters, empty segments, \";\" and \"#\" are not allowed", "invalid_request_error", "invalid_path");

/**
 * The app's fetch behind the raw request-target check, which must come before any route: the URL
 * parser behind Hono resolves dot segments and decodes escapes, which would let
 * "/support/../_moat/..." reach the admin paths. In front of Hono rather than as its first
 * middleware, which cost every request a layer of Hono's compose (an async function, a promise,
 * a next()).
 */
export function guardedFetch(app: ProxyApp): FetchCallback {
  return (request, env) => {
    const { incoming, outgoing } = env;
    const { path } = splitPathAndQuery(incoming.url ?? "/");
    if (!isSafePath(path)) {
      if (!(outgoing instanceof ServerResponse)) return Response.json(INVALID_PATH, { status: 400 });
      sendJson(outgoing, 400, INVALID_PATH);
      return RESPONSE_ALREADY_SENT;
    }
    return app.fetch(request, env);
  };
}

export function createApp(ctx: ProxyContext, options: AppOptions = {}): ProxyApp {
  const app: ProxyApp = new Hono<{ Bindings: HttpBindings }>();

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  options.mount?.(app);

  app.all("*", async (c) => {
    const started = performance.now();
    const { incoming, outgoing } = c.env;
    const { path, query } = splitPathAndQuery(incoming.url ?? "/");
    const runtime = ctx.runtime();
    const match = matchPrefix(runtime.routes, path);
    if (match === undefined || match === "ambiguous") {
      sendJson(outgoing, 404, errorBody(`no route for path "${path}"`, "invalid_request_error", "not_found"));
      return RESPONSE_ALREADY_SENT;
    }
    runtime.hold();
    try {
      await handleRouted(ctx, {
        req: incoming,
        res: outgoing,
        route: match.route,
        rest: match.rest,
        query,
        maxBodyBytes: runtime.config.limits.max_body_bytes,
        evaluationTimeoutMs: runtime.config.limits.evaluation_timeout_ms,
        started,
      });
    } finally {
      runtime.release();
    }
    return RESPONSE_ALREADY_SENT;
  });

  app.onError((error, c) => {
    ctx.logger.error("unhandled error", { error: error.message, stack: error.stack });
    return c.json(errorBody("internal error in the Moat proxy; see its log", "server_error", "internal_error"), 500);
  });
  return app;
}
