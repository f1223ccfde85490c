/**
 * One structured log line per request: route, mode, verdict, tier, latency, upstream status, and
 * when Tier 1 or 2 did not pass it, their explanation (which detector scored which input what),
 * so that an operator reading the log sees why without opening the event store. Tier 0's and the
 * judge's explanations can quote what the user wrote (hidden text, the judge's reply), and stay in
 * the event store, which follows store_prompts.
 */
import type { Logger } from "./logger.js";
import type { ProxyObserver } from "./observer.js";

/** A tier 1 explanation lists every detector; the event store keeps the whole one. */
const MAX_REASON_CHARS = 500;

function reason(explanation: string): string {
  return explanation.length > MAX_REASON_CHARS ? `${Array.from(explanation).slice(0, MAX_REASON_CHARS).join("")}…` : explanation;
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
        reason: event.result && event.result.verdict !== "pass" && (event.result.tier === 1 || event.result.tier === 2) ? reason(event.result.explanation) : undefined,
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
