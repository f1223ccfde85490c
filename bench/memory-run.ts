/**
 * Resident memory of Moat with the shipped route layout (/support in block mode, / in log mode,
 * every other setting at its default) under steady load: after a warm-up, and again at the end
 * of a long run (5 minutes with --long), sampled along the way to show growth.
 */
import { rssMb } from "./memory.js";
import { median } from "./stats.js";
import { paced, pacedClient } from "./paced.js";
import { startMoat, type MoatBuild, type UpstreamProcess } from "./targets.js";
import type { Workload } from "./workloads.js";

export interface MemoryResult {
  rate: number;
  durationS: number;
  warmupS: number;
  /** MB after the warm-up, at the end, and the largest sample. */
  warm: number;
  end: number;
  peak: number;
  /**
   * Medians of the samples in the first and in the last fifth of the run (at least one minute's
   * worth when the run is long enough): single samples ride the garbage collector's sawtooth.
   */
  earlyMedian: number;
  lateMedian: number;
  /** [seconds since the warm-up, MB] */
  samples: [number, number][];
  requests: number;
  errors: number;
  non2xx: number;
}

export async function memoryRun(options: { upstream: UpstreamProcess; workDir: string; build: MoatBuild; workloads: Workload[]; rate: number; durationS: number; warmupS: number }): Promise<MemoryResult> {
  const target = await startMoat({ name: "moat-default", mode: "default", upstream: options.upstream, workDir: options.workDir, build: options.build });
  const client = pacedClient(target.origin);
  const result: MemoryResult = { rate: options.rate, durationS: options.durationS, warmupS: options.warmupS, warm: 0, end: 0, peak: 0, earlyMedian: 0, lateMedian: 0, samples: [], requests: 0, errors: 0, non2xx: 0 };
  // Half the load to the block route, half to the log route, cycling through the workloads and
  // streaming/non-streaming bodies in slices of a few seconds.
  const slice = async (seconds: number, index: number): Promise<void> => {
    const w = options.workloads[index % options.workloads.length] as Workload;
    const streaming = Math.floor(index / options.workloads.length) % 2 !== 0;
    const body = (): Buffer => w.next(streaming);
    const runs = await Promise.all(
      ["/support/v1/chat/completions", "/v1/chat/completions"].map((path) => paced(client, { path, headers: {}, body, rate: options.rate / 2, durationMs: seconds * 1000, firstChunk: false })),
    );
    for (const r of runs) {
      result.requests += r.sent;
      result.errors += r.errors;
      result.non2xx += r.non2xx;
    }
  };
  try {
    let index = 0;
    for (let t = 0; t < options.warmupS; t += 5) await slice(Math.min(5, options.warmupS - t), index++);
    result.warm = rssMb(target.pid);
    result.peak = result.warm;
    result.samples.push([0, result.warm]);
    const started = performance.now();
    for (let t = 0; t < options.durationS; t += 5) {
      await slice(Math.min(5, options.durationS - t), index++);
      const mb = rssMb(target.pid);
      result.peak = Math.max(result.peak, mb);
      result.samples.push([Math.round((performance.now() - started) / 1000), mb]);
    }
    result.end = rssMb(target.pid);
    const span = Math.max(options.durationS / 5, Math.min(60, options.durationS / 2));
    const values = (from: number, to: number) => result.samples.filter(([t]) => t >= from && t <= to).map(([, mb]) => mb);
    result.earlyMedian = median(values(0, span));
    result.lateMedian = median(values(options.durationS - span, options.durationS + 5));
  } finally {
    await client.close();
    await target.stop();
  }
  return result;
}
