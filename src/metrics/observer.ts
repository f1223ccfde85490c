/**
 * Updates the metrics from each RequestEvent. Label children are created once per route (and
 * per mode, tier, status...) and cached, so a request costs a few increments and observations,
 * not a label-set allocation per metric.
 */
import type { Counter } from "prom-client";
import type { EvalResult, TierTrace } from "../firewall/types.js";
import type { ProxyObserver, RequestEvent } from "../proxy/observer.js";
import type { FastChild } from "./fast-histogram.js";
import type { MoatMetrics } from "./metrics.js";
import { Tallies, type TalliedCounter } from "./tally.js";

type CounterChild = Counter.Internal;
type HistogramChild = FastChild;

const OUTCOME_LABELS = ["pass", "block", "review", "would_block", "passthrough", "not_evaluated"] as const;
type OutcomeLabel = (typeof OUTCOME_LABELS)[number];

/** Characters per token for the "tokens saved" estimate (OpenAI's rule of thumb for English). */
export const CHARS_PER_TOKEN = 4;

interface ModeChildren {
  requests: Record<OutcomeLabel, TalliedCounter>;
  duration: HistogramChild;
}

class RouteChildren {
  private readonly modes = new Map<string, ModeChildren>();
  private readonly verdicts = new Map<string, CounterChild>();
  private readonly tierDurations: HistogramChild[];
  private readonly upstreamStatus = new Map<number, TalliedCounter>();
  private readonly upstreamFailure = new Map<string, CounterChild>();
  private readonly tierErrors = new Map<string, CounterChild>();
  private readonly detectorErrors = new Map<string, CounterChild>();
  readonly firewall: HistogramChild;
  readonly upstream: HistogramChild;
  readonly failOpen: CounterChild;
  readonly failClosed: CounterChild;
  readonly judgeCalls: CounterChild;
  readonly cacheHits: CounterChild;
  readonly tokensSaved: CounterChild;

  constructor(
    private readonly m: MoatMetrics,
    private readonly route: string,
    private readonly tallies: Tallies,
  ) {
    this.firewall = m.firewallDuration.child(route);
    this.upstream = m.upstreamDuration.child(route);
    this.tierDurations = [0, 1, 2, 3].map((t) => m.tierDuration.child(route, String(t)));
    this.failOpen = m.failOpen.labels(route);
    this.failClosed = m.failClosed.labels(route);
    this.judgeCalls = m.judgeCalls.labels(route);
    this.cacheHits = m.judgeCacheHits.labels(route);
    this.tokensSaved = m.tokensSaved.labels(route);
    // Zero-valued series exist from the start, so rate() and absent() work before the first hit.
    for (const c of [this.failOpen, this.failClosed, this.judgeCalls, this.cacheHits, this.tokensSaved]) c.inc(0);
  }

  mode(mode: string): ModeChildren {
    let children = this.modes.get(mode);
    if (!children) {
      const requests = {} as Record<OutcomeLabel, TalliedCounter>;
      for (const outcome of OUTCOME_LABELS) {
        const child = this.m.requests.labels(this.route, mode, outcome);
        child.inc(0);
        requests[outcome] = this.tallies.add(child);
      }
      children = { requests, duration: this.m.requestDuration.child(this.route, mode) };
      this.modes.set(mode, children);
    }
    return children;
  }

  verdict(result: EvalResult): CounterChild {
    const key = `${result.tier}${result.verdict}${result.category}`;
    let child = this.verdicts.get(key);
    if (!child) {
      child = this.m.verdicts.labels(this.route, String(result.tier), result.verdict, result.category);
      this.verdicts.set(key, child);
    }
    return child;
  }

  tierDuration(tier: number): HistogramChild | undefined {
    return this.tierDurations[tier];
  }

  status(status: number): TalliedCounter {
    let child = this.upstreamStatus.get(status);
    if (!child) {
      // The series appears at the first response with this status, as it did when counted directly.
      const counter = this.m.upstreamResponses.labels(this.route, String(status));
      counter.inc(0);
      child = this.tallies.add(counter);
      this.upstreamStatus.set(status, child);
    }
    return child;
  }

  failure(reason: string): CounterChild {
    let child = this.upstreamFailure.get(reason);
    if (!child) {
      child = this.m.upstreamFailures.labels(this.route, reason);
      this.upstreamFailure.set(reason, child);
    }
    return child;
  }

  tierError(entry: TierTrace): CounterChild {
    const key = `${entry.tier}:${entry.name}`;
    let child = this.tierErrors.get(key);
    if (!child) {
      child = this.m.tierErrors.labels(this.route, String(entry.tier), entry.name);
      this.tierErrors.set(key, child);
    }
    return child;
  }

  detectorError(name: string, status: string): CounterChild {
    const key = `${name}\u0000${status}`;
    let child = this.detectorErrors.get(key);
    if (!child) {
      child = this.m.detectorErrors.labels(this.route, name, status);
      this.detectorErrors.set(key, child);
    }
    return child;
  }
}

/** Failed or timed-out detectors in a Tier 1 trace entry (src/firewall/tier1/tier.ts: details.detectors). */
function* failedDetectors(entry: TierTrace): Generator<{ name: string; status: string }> {
  const reports = entry.details?.["detectors"];
  if (!Array.isArray(reports)) return;
  for (const report of reports as unknown[]) {
    if (report === null || typeof report !== "object") continue;
    const { name, status } = report as { name?: unknown; status?: unknown };
    if (typeof name === "string" && (status === "failed" || status === "timeout")) yield { name, status };
  }
}

function outcomeLabel(event: RequestEvent): OutcomeLabel {
  if (event.outcome === "passthrough") return "passthrough";
  return event.result ? event.outcome : "not_evaluated";
}

function upstreamFailureReason(event: RequestEvent): string | undefined {
  if (event.upstreamStatus !== undefined || event.action === "refused" || event.action === "rejected") return undefined;
  if (event.action !== "failed") return undefined;
  if (event.status === 504) return "timeout";
  if (event.status === 502) return "unreachable";
  if (event.error === "client disconnected") return "client_disconnected";
  return "other";
}

/** Was the judge's verdict served from its cache? (src/firewall/tier3/judge.ts sets details.cached.) */
function isCacheHit(entry: TierTrace): boolean {
  return entry.details?.["cached"] === true;
}

export function metricsObserver(metrics: MoatMetrics, routes: readonly string[] = []): ProxyObserver {
  const tallies = new Tallies();
  metrics.onRead(() => tallies.flush());
  const byRoute = new Map<string, RouteChildren>();
  const childrenFor = (route: string): RouteChildren => {
    let children = byRoute.get(route);
    if (!children) {
      children = new RouteChildren(metrics, route, tallies);
      byRoute.set(route, children);
    }
    return children;
  };
  for (const route of routes) childrenFor(route);

  return {
    record(event) {
      const route = childrenFor(event.route);
      const mode = route.mode(event.mode);
      mode.requests[outcomeLabel(event)].inc();
      mode.duration.observe(event.latencyMs / 1000);

      if (event.upstreamStatus !== undefined) {
        route.status(event.upstreamStatus).inc();
        if (event.upstreamLatencyMs !== undefined) route.upstream.observe(event.upstreamLatencyMs / 1000);
      } else {
        const reason = upstreamFailureReason(event);
        if (reason) route.failure(reason).inc();
      }

      const { result } = event;
      if (!result) return;
      route.verdict(result).inc();
      route.firewall.observe(result.latencyMs / 1000);
      if (result.failOpen) route.failOpen.inc();
      if (result.failClosed) route.failClosed.inc();
      for (const entry of result.trace) {
        if (entry.decision === "skipped") continue;
        route.tierDuration(entry.tier)?.observe(entry.latencyMs / 1000);
        if (entry.failed) route.tierError(entry).inc();
        if (entry.tier === 1) for (const d of failedDetectors(entry)) route.detectorError(d.name, d.status).inc();
        if (entry.tier === 3) {
          route.judgeCalls.inc();
          if (isCacheHit(entry)) route.cacheHits.inc();
        }
      }
      if (event.action === "refused") route.tokensSaved.inc(Math.ceil(result.prompt.length / CHARS_PER_TOKEN));
    },
  };
}
