/**
 * Moat's Prometheus metrics, on a Registry of their own (prom-client's default registry is
 * process-global, so two proxies in one process, tests or a reload would collide). Labels are
 * bounded: route names from the config, the mode, the outcome, tier numbers and names from code,
 * verdicts and categories from fixed lists, HTTP status codes. Never paths, models or prompts.
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import { FastHistogram } from "./fast-histogram.js";

/** Seconds; from Tier 0's microseconds to a slow judge. */
const FIREWALL_BUCKETS = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds; upstream heads and whole requests can take a minute. */
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export interface EventStoreStats {
  written: number;
  dropped: number;
  queued: number;
  up: boolean;
}

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event-loop lag, GC). Default on. */
  defaultMetrics?: boolean;
  /** Read at scrape time, for the event store's counters. */
  eventStore?: () => EventStoreStats | undefined;
}

export class MoatMetrics {
  readonly registry = new Registry();
  private readonly pending: (() => void)[] = [];

  readonly requests = new Counter({
    name: "moat_requests_total",
    help: "Requests by route, mode and outcome (pass, block, review, would_block in log mode, passthrough, not_evaluated for requests rejected before the firewall)",
    labelNames: ["route", "mode", "outcome"] as const,
    registers: [this.registry],
    collect: () => this.flushPending(),
  });

  readonly verdicts = new Counter({
    name: "moat_verdicts_total",
    help: "Firewall verdicts by route, the tier that decided, verdict and category",
    labelNames: ["route", "tier", "verdict", "category"] as const,
    registers: [this.registry],
  });

  readonly requestDuration = new FastHistogram({
    name: "moat_request_duration_seconds",
    help: "End to end: from request arrival until the response head is sent (includes the firewall and the upstream's time to first byte)",
    labelNames: ["route", "mode"] as const,
    buckets: REQUEST_BUCKETS,
    registers: [this.registry],
  });

  readonly firewallDuration = new FastHistogram({
    name: "moat_firewall_duration_seconds",
    help: "Time the firewall took to reach a verdict, all tiers together",
    labelNames: ["route"] as const,
    buckets: FIREWALL_BUCKETS,
    registers: [this.registry],
  });

  readonly tierDuration = new FastHistogram({
    name: "moat_tier_duration_seconds",
    help: "Time spent in each tier that ran (skipped tiers are not observed)",
    labelNames: ["route", "tier"] as const,
    buckets: FIREWALL_BUCKETS,
    registers: [this.registry],
  });

  readonly upstreamDuration = new FastHistogram({
    name: "moat_upstream_duration_seconds",
    help: "Upstream time to response head (streams continue after this)",
    labelNames: ["route"] as const,
    buckets: REQUEST_BUCKETS,
    registers: [this.registry],
  });

  readonly upstreamResponses = new Counter({
    name: "moat_upstream_responses_total",
    help: "Upstream responses by route and HTTP status",
    labelNames: ["route", "status"] as const,
    registers: [this.registry],
    collect: () => this.flushPending(),
  });

  readonly upstreamFailures = new Counter({
    name: "moat_upstream_failures_total",
    help: "Requests that got no upstream response: timeout (504 to the client), unreachable (502), client_disconnected, other",
    labelNames: ["route", "reason"] as const,
    registers: [this.registry],
  });

  readonly tierErrors = new Counter({
    name: "moat_tier_errors_total",
    help: "Tiers or detectors that failed (error or timeout); the route's fail policy decided what followed",
    labelNames: ["route", "tier", "name"] as const,
    registers: [this.registry],
  });

  readonly detectorErrors = new Counter({
    name: "moat_detector_errors_total",
    help: "Tier 1 detectors that failed or timed out, by detector name from the agent config; the ensemble went on without them",
    labelNames: ["route", "detector", "status"] as const,
    registers: [this.registry],
  });

  readonly failOpen = new Counter({
    name: "moat_fail_open_total",
    help: "Requests let through because a tier failed and the route's fail policy is open",
    labelNames: ["route"] as const,
    registers: [this.registry],
  });

  readonly failClosed = new Counter({
    name: "moat_fail_closed_total",
    help: "Requests blocked because a tier failed and the route's fail policy is closed",
    labelNames: ["route"] as const,
    registers: [this.registry],
  });

  readonly judgeCalls = new Counter({
    name: "moat_judge_calls_total",
    help: "Tier 3 judge consultations (the judge ran for the request; cache hits included, see moat_judge_cache_hits_total)",
    labelNames: ["route"] as const,
    registers: [this.registry],
  });

  readonly judgeCacheHits = new Counter({
    name: "moat_judge_cache_hits_total",
    help: "Tier 3 judge verdicts served from the judge's cache, without an LLM call",
    labelNames: ["route"] as const,
    registers: [this.registry],
  });

  readonly tokensSaved = new Counter({
    name: "moat_tokens_saved_total",
    help: "Estimated prompt tokens not sent upstream because the request was refused: judged prompt characters / 4 (excludes history, system prompt and the completion that was never generated)",
    labelNames: ["route"] as const,
    registers: [this.registry],
  });

  constructor(options: MetricsOptions = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    const stats = options.eventStore;
    if (stats) {
      let written = 0;
      let dropped = 0;
      new Counter({
        name: "moat_events_stored_total",
        help: "Events written to the event store",
        registers: [this.registry],
        collect() {
          const s = stats();
          if (s && s.written > written) this.inc(s.written - written);
          written = Math.max(written, s?.written ?? 0);
        },
      });
      new Counter({
        name: "moat_events_dropped_total",
        help: "Events the store could not keep (queue full, failed write); non-zero means the event log has gaps",
        registers: [this.registry],
        collect() {
          const s = stats();
          if (s && s.dropped > dropped) this.inc(s.dropped - dropped);
          dropped = Math.max(dropped, s?.dropped ?? 0);
        },
      });
      new Gauge({
        name: "moat_events_queue_length",
        help: "Events waiting to be written to the event store",
        registers: [this.registry],
        collect() {
          this.set(stats()?.queued ?? 0);
        },
      });
      new Gauge({
        name: "moat_event_store_up",
        help: "1 when the event store is open and writable, 0 when it is off or failed to open",
        registers: [this.registry],
        collect() {
          this.set(stats()?.up ? 1 : 0);
        },
      });
    }
  }

  /**
   * `flush` moves counts kept outside prom-client into it; it runs whenever the metrics are read
   * (any read of moat_requests_total or moat_upstream_responses_total, so every scrape).
   */
  onRead(flush: () => void): void {
    this.pending.push(flush);
  }

  private flushPending(): void {
    for (const flush of this.pending) flush();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
