/** What one benchmark run records; the tables and the --json output are made from it. */
import type { MemoryResult } from "./memory-run.js";

/** One target, one workload, one repetition. */
export interface Sample {
  rep: number;
  workload: string;
  target: string;
  latencyP50: number;
  latencyP99: number;
  ttfbP50: number;
  ttfbP99: number;
  rps: number;
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
