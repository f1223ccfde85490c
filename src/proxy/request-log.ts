/** One structured log line per request: route, mode, verdict, tier, latency, upstream status. */
import type { Logger } from "./logger.js";
import type { ProxyObserver } from "./observer.js";

export function requestLogObserver(logger: Logger): ProxyObserver {
  return {
    record(event) {
      logger.info("request", {
        event_id: event.id || undefined,
        route: event.route,
        mode: event.mode,
        method: event.method,
        path: event.path,
        outcome: event.outcome,
        action: event.action,
        verdict: event.result?.verdict,
        category: event.result?.category,
        tier: event.result?.tier,
        status: event.status,
        upstream_status: event.upstreamStatus,
        latency_ms: event.latencyMs,
        eval_ms: event.result?.latencyMs,
        stream: event.stream,
        error: event.error,
      });
    },
  };
}
