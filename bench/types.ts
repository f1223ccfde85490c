/** What one benchmark run records; the tables and the --json output are made from it. */
import type { MemoryResult } from "./memory-run.js";

/** One target, one workload, one repetition. */
export interface Sample {
  rep: number;
  workload: string;
  target: string;
  /** The fixed rate of the latency and first-chunk runs, req/s. */
  rate: number;
  latencyP50: number;
  latencyP99: number;
  ttfbP50: number;
  ttfbP99: number;
  rps: number;
  /** CPU time the target's process used per request at saturation, µs (the upstream's for direct). */
  cpuUsPerRequest: number;
  /** Read and write system calls per request at saturation: not disturbed by noise at all. */
  syscallsPerRequest: number;
  /** Problems seen in this sample's runs: errors, non-2xx, refusals by the firewall. */
  errors: number;
  non2xx: number;
  notForwarded: number;
  /** Worst lateness of the load generator's schedule, ms: its own noise. */
  maxLagMs: number;
  achievedRate: number;
}

export interface BenchRun {
  machine: Record<string, string>;
  settings: Record<string, number | string | boolean>;
  samples: Sample[];
  rssWarm: Record<string, number>;
  rssAfter: Record<string, number>;
  memory?: MemoryResult;
  loadBefore: string;
  loadAfter: string;
  workloads: { name: string; description: string; bytes: number }[];
}
