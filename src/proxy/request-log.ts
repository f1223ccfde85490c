/**
 * One structured log line per request: route, mode, verdict, tier, latency, upstream status, and
 * for anything but a pass the firewall's explanation (which text scored what, with which
 * detector), so that an operator reading the log sees why without opening the event store.
 */
import type { Logger } from "./logger.js";
import type { ProxyObserver } from "./observer.js";

/** Judge explanations can run long; the event store keeps the whole one. */
const MAX_REASON_CHARS = 500;

function reason(explanation: string): string {
  return explanation.length > MAX_REASON_CHARS ? `${explanation.slice(0, MAX_REASON_CHARS)}…` : explanation;
}

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
        reason: event.result && event.result.verdict !== "pass" ? reason(event.result.explanation) : undefined,
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
