/**
 * The admin JSON API behind the dashboard (and for scripts, with `Authorization: Bearer`):
 * overview, flagged events with filters, one event, marks, and the time series for the chart.
 * Authentication is checked by the caller (src/admin/app.ts) before any of these run.
 */
import type { HttpBindings } from "@hono/node-server";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { parseFilterParams } from "../events/filter.js";
import { markSchema, type Mark, type StoredEvent } from "../events/record.js";
import type { EventStore } from "../events/store.js";
import { errorBody } from "../proxy/errors.js";

export interface StoreStatus {
  enabled: boolean;
  file: string | null;
  /** Why the store is not available (failed to open), for the dashboard banner. */
  error: string | null;
  rows: number;
  written: number;
  dropped: number;
  queued: number;
}

export interface RouteSummary {
  name: string;
  prefix: string;
  mode: string;
  store_passes: boolean;
}

export interface EventsAccess {
  /** The reading connection. */
  store(): EventStore | undefined;
  status(): StoreStatus;
  /** Writes queued events, so a read right after a request sees it. */
  flush(): Promise<void>;
  /** Sets or clears a mark through the writing connection; false when the event is unknown. */
  mark(id: string, mark: Mark | null, note: string | null, now: number): Promise<boolean>;
}

export interface ApiDeps {
  events: EventsAccess;
  routes(): RouteSummary[];
  now?: () => number;
}

type Env = { Bindings: HttpBindings };

/** Chart ranges and their bucket sizes: about 60 bars each. */
export const RANGES: Record<string, { spanMs: number; bucketMs: number }> = {
  "1h": { spanMs: 3_600_000, bucketMs: 60_000 },
  "6h": { spanMs: 21_600_000, bucketMs: 300_000 },
  "24h": { spanMs: 86_400_000, bucketMs: 1_800_000 },
  "7d": { spanMs: 604_800_000, bucketMs: 10_800_000 },
  "30d": { spanMs: 2_592_000_000, bucketMs: 43_200_000 },
};

const markBodySchema = z
  .object({
    mark: markSchema.nullable(),
    note: z.string().max(1000).optional(),
  })
  .strict();

const PREVIEW_CHARS = 160;

/** What the list needs; the trace and the whole excerpt come with the event's detail. */
function summary(event: StoredEvent) {
  const { trace: _trace, prompt, sanitization: _s, answer: _answer, ...rest } = event;
  return { ...rest, explanation: rest.explanation.slice(0, 400), prompt_preview: prompt === null ? null : prompt.slice(0, PREVIEW_CHARS) };
}

function jsonError(c: Context<Env>, status: 400 | 404 | 415 | 503, message: string, code: string) {
  return c.json(errorBody(message, status === 503 ? "server_error" : "invalid_request_error", code), status);
}

function zodMessage(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ");
}

export function adminApi(deps: ApiDeps): Hono<Env> {
  const api = new Hono<Env>();
  const now = deps.now ?? Date.now;

  const withStore = async (c: Context<Env>): Promise<EventStore | Response> => {
    const store = deps.events.store();
    if (!store) {
      const status = deps.events.status();
      return jsonError(c, 503, status.error ?? "the event store is off (events.enabled: false in proxy.config.yaml)", "event_store_unavailable");
    }
    await deps.events.flush();
    return store;
  };

  api.get("/overview", async (c) => {
    const store = deps.events.store();
    if (store) await deps.events.flush();
    return c.json({
      now: now(),
      routes: deps.routes(),
      store: deps.events.status(),
      totals_24h: store ? store.totals(now() - 86_400_000) : {},
    });
  });

  api.get("/events", async (c) => {
    const store = await withStore(c);
    if (store instanceof Response) return store;
    let query;
    try {
      query = parseFilterParams(c.req.query(), now);
    } catch (error) {
      if (error instanceof z.ZodError) return jsonError(c, 400, zodMessage(error), "invalid_filter");
      throw error;
    }
    const page = store.list(query);
    return c.json({ events: page.events.map(summary), next: page.next });
  });

  api.get("/events/:id", async (c) => {
    const store = await withStore(c);
    if (store instanceof Response) return store;
    const event = store.get(c.req.param("id"));
    return event ? c.json(event) : jsonError(c, 404, `no event ${c.req.param("id")}`, "event_not_found");
  });

  api.post("/events/:id/mark", bodyLimit({ maxSize: 16 * 1024, onError: (c) => jsonError(c, 400, "body too large", "body_too_large") }), async (c) => {
    if (!(c.req.header("content-type") ?? "").toLowerCase().startsWith("application/json")) {
      return jsonError(c, 415, "send the mark as application/json: {\"mark\": \"false_positive\" | \"missed_attack\" | null, \"note\"?: string}", "unsupported_media_type");
    }
    const store = await withStore(c);
    if (store instanceof Response) return store;
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      return jsonError(c, 400, "body is not valid JSON", "invalid_json");
    }
    const body = markBodySchema.safeParse(raw);
    if (!body.success) return jsonError(c, 400, zodMessage(body.error), "invalid_mark");
    const found = await deps.events.mark(c.req.param("id"), body.data.mark, body.data.mark === null ? null : body.data.note?.trim() || null, now());
    const event = found ? store.get(c.req.param("id")) : undefined;
    return event ? c.json(event) : jsonError(c, 404, `no event ${c.req.param("id")}`, "event_not_found");
  });

  api.get("/series", async (c) => {
    const store = await withStore(c);
    if (store instanceof Response) return store;
    const rangeName = c.req.query("range") ?? "1h";
    const range = RANGES[rangeName];
    if (!range) return jsonError(c, 400, `range: expected one of ${Object.keys(RANGES).join(", ")}`, "invalid_range");
    const route = c.req.query("route") || undefined;
    const until = now();
    return c.json({ range: rangeName, route: route ?? null, ...store.series({ since: until - range.spanMs, until, bucketMs: range.bucketMs, ...(route ? { route } : {}) }) });
  });

  api.all("*", (c) => jsonError(c, 404, `no admin API endpoint ${c.req.method} ${c.req.path}`, "not_found"));
  return api;
}
