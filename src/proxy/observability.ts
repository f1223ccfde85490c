/**
 * Builds what lets operators see the firewall at work, from the config and the environment: the
 * event store (SQLite) and its JSONL sink, the Prometheus metrics, the admin dashboard and API.
 * The proxy gets back observers to feed and endpoints to mount; a store that cannot open is
 * reported (file, problem, remedy) and the proxy keeps protecting traffic without it.
 */
import { mountAdmin } from "../admin/app.js";
import type { EventsAccess, RouteSummary, StoreStatus } from "../admin/api.js";
import { mountMetrics } from "../admin/metrics-route.js";
import type { LoadedProxyConfig } from "../config/proxy-config.js";
import { EventStoreError } from "../events/errors.js";
import { JsonlSink } from "../events/jsonl-sink.js";
import { eventsObserver, type EventSettings } from "../events/observer.js";
import { EventStore } from "../events/store.js";
import { EventWriter } from "../events/writer.js";
import { MoatMetrics } from "../metrics/metrics.js";
import { metricsObserver } from "../metrics/observer.js";
import type { ProxyApp } from "./app.js";
import type { Logger } from "./logger.js";
import type { ProxyObserver } from "./observer.js";
import type { ProxyRuntime } from "./runtime.js";

export interface Observability {
  observers: ProxyObserver[];
  mount(app: ProxyApp): void;
  metrics: MoatMetrics;
  /** The reading connection; undefined when events are off or the file could not be opened (see storeError). */
  store: EventStore | undefined;
  writer: EventWriter | undefined;
  storeError: string | undefined;
}

export interface ObservabilityOptions {
  env: NodeJS.ProcessEnv;
  logger: Logger;
  runtime: () => ProxyRuntime;
  /** Writer tuning, for tests and benchmarks. */
  writer?: { batchSize?: number; flushIntervalMs?: number; maxQueue?: number; busyTimeoutMs?: number };
}

const MIN_TOKEN_CHARS = 16;

export function createObservability(loaded: LoadedProxyConfig, options: ObservabilityOptions): Observability {
  const { logger, env } = options;
  const events = loaded.config.events;
  let store: EventStore | undefined;
  let storeError: string | undefined;
  if (events.enabled) {
    try {
      // Opened here first, so a damaged file is reported at start-up; this connection only reads
      // (admin API), the writer's worker thread has its own. A short busy timeout: reads never wait long.
      store = EventStore.open(events.path, { busyTimeoutMs: 50 });
    } catch (error) {
      if (!(error instanceof EventStoreError)) throw error;
      storeError = error.message;
      logger.error("event store unavailable; the proxy runs without storing events", { file: error.file, problem: error.problem, remedy: error.remedy });
    }
  }
  const writer = store
    ? new EventWriter(store.file, {
        ...options.writer,
        retentionDays: events.retention_days,
        maxRows: events.max_rows,
        onError: (message, fields) => logger.error(message, fields),
      })
    : undefined;
  const jsonl = events.jsonl ? new JsonlSink(events.jsonl, { onError: (message, fields) => logger.error(message, fields) }) : undefined;

  let settingsFor: { runtime: ProxyRuntime; settings: EventSettings } | undefined;
  const settings = (): EventSettings => {
    const runtime = options.runtime();
    if (settingsFor?.runtime !== runtime) {
      const storePasses = new Map(runtime.routes.map((r) => [r.name, r.config.store_passes]));
      const e = runtime.config.events;
      settingsFor = { runtime, settings: { storePrompts: e.store_prompts, excerptChars: e.prompt_excerpt_chars, storePasses: (route) => storePasses.get(route) ?? false } };
    }
    return settingsFor.settings;
  };

  const status = (): StoreStatus => ({
    enabled: events.enabled,
    file: events.enabled ? events.path : null,
    error: storeError ?? null,
    rows: writer?.stats.rows ?? 0,
    written: writer?.stats.written ?? 0,
    dropped: (writer?.stats.dropped ?? 0) + (jsonl?.dropped ?? 0),
    queued: writer?.stats.queued ?? 0,
  });
  const metrics = new MoatMetrics({ eventStore: () => ({ ...status(), up: store !== undefined }) });
  const fed = eventsObserver({ writer, jsonl, settings });
  const eventsSink: ProxyObserver = {
    record: (event) => fed.record(event),
    async close() {
      await fed.close?.();
      await writer?.close();
      store?.close();
      await jsonl?.close();
    },
  };

  const access: EventsAccess = {
    store: () => store,
    status,
    flush: async () => writer?.drain(),
    mark: async (id, mark, note, now) => (writer ? writer.mark(id, mark, note, now) : false),
  };
  const routes = (): RouteSummary[] =>
    options.runtime().config.routes.map((r) => ({ name: r.name, prefix: r.prefix, mode: options.runtime().routes.find((c) => c.name === r.name)?.mode ?? r.mode ?? "block", store_passes: r.store_passes }));

  const adminToken = env.MOAT_ADMIN_TOKEN || undefined;
  if (adminToken && adminToken.length < MIN_TOKEN_CHARS) logger.warn(`MOAT_ADMIN_TOKEN is shorter than ${MIN_TOKEN_CHARS} characters; use a long random value (e.g. openssl rand -hex 32)`);

  return {
    observers: [metricsObserver(metrics, options.runtime().routes.map((r) => r.name)), eventsSink],
    mount(app) {
      mountMetrics(app, metrics, env.MOAT_METRICS_TOKEN || undefined);
      mountAdmin(app, { token: adminToken, events: access, routes });
    },
    metrics,
    store,
    writer,
    storeError,
  };
}
