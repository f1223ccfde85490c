/**
 * What the proxy reports about each request, for logs, the event store and metrics. The proxy
 * only describes what happened; observers decide what to keep.
 */
import type { Mode } from "../firewall/config/agent.js";
import type { EvalResult } from "../firewall/types.js";
import type { AnswerSummary } from "./answer-tap.js";

/**
 * What the firewall's verdict meant for the request: pass, block, review (block mode), or
 * would_block (log mode, a verdict that block mode would have refused).
 */
export type Outcome = "pass" | "block" | "review" | "would_block" | "passthrough";

export interface RequestEvent {
  id: string;
  time: number;
  route: string;
  mode: Mode;
  method: string;
  /** Path below the route prefix, e.g. /v1/chat/completions. */
  path: string;
  /** Evaluated requests only. */
  result?: EvalResult;
  outcome: Outcome;
  /** What the proxy did with the request. */
  action: "forwarded" | "refused" | "rejected" | "failed";
  /** The request was refused or rejected (4xx) before reaching the upstream. */
  status: number;
  upstreamStatus?: number;
  upstreamLatencyMs?: number;
  /** Time from request arrival until the response head was sent. */
  latencyMs: number;
  model?: string;
  stream: boolean;
  /** The judged prompt (sanitized), for the event store; never for metrics labels. */
  prompt?: string;
  error?: string;
  /** What the upstream answered to an intercepted chat completion (excerpt, finish reason, usage). */
  answer?: AnswerSummary;
}

export interface ProxyObserver {
  record(event: RequestEvent): void;
  close?(): Promise<void>;
}

export function combineObservers(observers: readonly ProxyObserver[]): ProxyObserver {
  return {
    record(event) {
      for (const o of observers) {
        try {
          o.record(event);
        } catch {
          // An observer must never break the request path.
        }
      }
    },
    async close() {
      await Promise.allSettled(observers.map((o) => o.close?.()));
    },
  };
}
