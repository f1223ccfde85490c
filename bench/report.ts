/**
 * The benchmark's tables (markdown, so they paste into docs/bench.md as printed). Every "added"
 * figure is a difference to the upstream measured directly in the same repetition, and every
 * figure shown is the median over repetitions; the spread over repetitions is shown beside the
 * headline numbers so the noise of a shared machine is visible.
 */
import { median, range } from "./stats.js";
import type { BenchRun, Sample } from "./types.js";

const MOAT_PREFIX = "moat-";

function ms(v: number): string {
  return Number.isFinite(v) ? v.toFixed(2) : "-";
}

function signed(v: number): string {
  if (!Number.isFinite(v)) return "-";
  return `${v >= 0 ? "+" : ""}${v.toFixed(2)}`;
}

/** Like signed(), with a third decimal when two would round onto the limit it is checked against. */
function signedNear(v: number, limit: number): string {
  if (!Number.isFinite(v) || Math.abs(Math.abs(v) - limit) >= 0.005) return signed(v);
  return `${v >= 0 ? "+" : ""}${v.toFixed(3)}`;
}

function int(v: number): string {
  return Number.isFinite(v) ? Math.round(v).toLocaleString("en-US") : "-";
}

function ratio(v: number): string {
  if (!Number.isFinite(v)) return "-";
  return v >= 10 ? `${v.toFixed(0)}x` : `${v.toFixed(2)}x`;
}

function mb(v: number | undefined): string {
  return v !== undefined && Number.isFinite(v) ? v.toFixed(0) : "-";
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export interface Summary {
  target: string;
  workload: string;
  rate: number;
  p50: number;
  p99: number;
  addedP50: number;
  addedP99: number;
  addedP50Range: { min: number; max: number };
  ttfb: number;
  addedTtfb: number;
  addedTtfbRange: { min: number; max: number };
  rps: number;
  rpsRange: { min: number; max: number };
  cpuUs: number;
  cpuUsRange: { min: number; max: number };
  syscalls: number;
  problems: { errors: number; non2xx: number; notForwarded: number };
  maxLagMs: number;
  achievedRate: number;
}

/** Per target and workload: medians over repetitions of the figures and of the per-repetition differences to direct. */
export function summarize(samples: readonly Sample[]): Summary[] {
  const out: Summary[] = [];
  const workloads = [...new Set(samples.map((s) => s.workload))];
  for (const workload of workloads) {
    const ofWorkload = samples.filter((s) => s.workload === workload);
    // The baseline of a sample is the upstream measured directly at the same rate in the same repetition.
    const direct = new Map(ofWorkload.filter((s) => s.target === "direct").map((s) => [`${s.rep}@${s.rate}`, s]));
    const keys = [...new Set(ofWorkload.map((s) => `${s.target}@${s.rate}`))];
    for (const key of keys) {
      const mine = ofWorkload.filter((s) => `${s.target}@${s.rate}` === key);
      const { target, rate } = mine[0] as Sample;
      const baseline = (s: Sample) => direct.get(`${s.rep}@${s.rate}`);
      const diff = (pick: (s: Sample) => number) => mine.map((s) => {
        const b = baseline(s);
        return b ? pick(s) - pick(b) : Number.NaN;
      });
      const addedP50 = diff((s) => s.latencyP50);
      const addedTtfb = diff((s) => s.ttfbP50);
      const rps = mine.map((s) => s.rps);
      out.push({
        target,
        workload,
        rate,
        p50: median(mine.map((s) => s.latencyP50)),
        p99: median(mine.map((s) => s.latencyP99)),
        addedP50: median(addedP50),
        addedP99: median(diff((s) => s.latencyP99)),
        addedP50Range: range(addedP50),
        ttfb: median(mine.map((s) => s.ttfbP50)),
        addedTtfb: median(addedTtfb),
        addedTtfbRange: range(addedTtfb),
        rps: median(rps),
        rpsRange: range(rps),
        cpuUs: median(mine.map((s) => s.cpuUsPerRequest)),
        cpuUsRange: range(mine.map((s) => s.cpuUsPerRequest)),
        syscalls: median(mine.map((s) => s.syscallsPerRequest)),
        problems: {
          errors: mine.reduce((a, s) => a + s.errors, 0),
          non2xx: mine.reduce((a, s) => a + s.non2xx, 0),
          notForwarded: mine.reduce((a, s) => a + s.notForwarded, 0),
        },
        maxLagMs: Math.max(...mine.map((s) => s.maxLagMs)),
        achievedRate: median(mine.map((s) => s.achievedRate)),
      });
    }
  }
  return out;
}

/** A target's summary (a target other than direct is measured at one rate only). */
function find(summaries: readonly Summary[], target: string, workload: string): Summary | undefined {
  return summaries.find((s) => s.target === target && s.workload === workload);
}

function spread(r: { min: number; max: number }): string {
  return `${signed(r.min)}..${signed(r.max)}`;
}

function mainTable(run: BenchRun, summaries: readonly Summary[], workload: string): string {
  const forwarder = find(summaries, "forwarder", workload);
  const rows = summaries
    .filter((s) => s.workload === workload)
    .map((s) => [
      s.target,
      String(s.rate),
      ms(s.p50),
      ms(s.p99),
      s.target === "direct" ? "" : `${signed(s.addedP50)} (${spread(s.addedP50Range)})`,
      s.target === "direct" ? "" : signed(s.addedP99),
      ms(s.ttfb),
      s.target === "direct" ? "" : `${signed(s.addedTtfb)} (${spread(s.addedTtfbRange)})`,
      Number.isFinite(s.rps) ? `${int(s.rps)} (${int(s.rpsRange.min)}..${int(s.rpsRange.max)})` : "",
      forwarder && s.target !== "forwarder" && s.target !== "direct" ? `${((s.rps / forwarder.rps) * 100).toFixed(0)}%` : "",
      Number.isFinite(s.cpuUs) ? `${s.cpuUs.toFixed(0)} (${s.cpuUsRange.min.toFixed(0)}..${s.cpuUsRange.max.toFixed(0)})` : "",
      forwarder && s.target !== "forwarder" && s.target !== "direct" && Number.isFinite(s.cpuUs) ? ratio(s.cpuUs / forwarder.cpuUs) : "",
      Number.isFinite(s.syscalls) ? s.syscalls.toFixed(2) : "",
      // direct and the forwarder run through tsx (its loader thread would count); Moat and Portkey run as plain JavaScript.
      s.target.startsWith(MOAT_PREFIX) || s.target === "portkey" ? `${mb(run.rssWarm[s.target])} / ${mb(run.rssAfter[s.target])}` : "",
    ]);
  return table(
    ["target", "rate /s", "p50 ms", "p99 ms", "added p50 ms (spread)", "added p99 ms", "1st chunk p50 ms", "added 1st chunk ms (spread)", "req/s at saturation (spread)", "of forwarder", "CPU µs/req (spread)", "CPU / forwarder's", "r+w syscalls/req", "RSS MB warm / end"],
    rows,
  );
}

function ratioTable(summaries: readonly Summary[], workloads: readonly string[]): string {
  const rows: string[][] = [];
  for (const workload of workloads) {
    const portkey = find(summaries, "portkey", workload);
    const forwarder = find(summaries, "forwarder", workload);
    for (const s of summaries.filter((x) => x.workload === workload && x.target.startsWith(MOAT_PREFIX))) {
      rows.push([
        workload,
        s.target,
        portkey ? ratio(s.addedP50 / portkey.addedP50) : "-",
        portkey ? ratio(s.addedP99 / portkey.addedP99) : "-",
        portkey ? ratio(s.rps / portkey.rps) : "-",
        portkey ? ratio(s.cpuUs / portkey.cpuUs) : "-",
        forwarder ? ratio(s.addedP50 / forwarder.addedP50) : "-",
        forwarder ? ratio(s.rps / forwarder.rps) : "-",
        forwarder ? ratio(s.cpuUs / forwarder.cpuUs) : "-",
      ]);
    }
  }
  return table(
    ["workload", "Moat target", "added p50 / Portkey's", "added p99 / Portkey's", "req/s / Portkey's", "CPU per req / Portkey's", "added p50 / forwarder's", "req/s / forwarder's", "CPU per req / forwarder's"],
    rows,
  );
}

/**
 * "<target>-base" runs the same Moat target from another copy of the project (--baseline-root).
 * Each repetition's after/before ratio compares two runs made one after the other, under the same
 * load from the rest of the machine; the median of those ratios is the before/after figure.
 */
function beforeAfterTable(samples: readonly Sample[]): string | undefined {
  const rows: string[][] = [];
  const bases = [...new Set(samples.filter((s) => s.target.endsWith("-base")).map((s) => s.target))];
  for (const base of bases) {
    const target = base.slice(0, -"-base".length);
    for (const workload of [...new Set(samples.map((s) => s.workload))]) {
      const pairs = samples
        .filter((s) => s.target === target && s.workload === workload)
        .map((after) => [after, samples.find((b) => b.target === base && b.workload === workload && b.rep === after.rep)] as const)
        .filter((p): p is readonly [Sample, Sample] => p[1] !== undefined);
      if (pairs.length === 0) continue;
      const rps = pairs.map(([a, b]) => a.rps / b.rps);
      const cpu = pairs.map(([a, b]) => a.cpuUsPerRequest / b.cpuUsPerRequest);
      const p50 = pairs.map(([a, b]) => a.latencyP50 - b.latencyP50);
      const sys = pairs.map(([a, b]) => a.syscallsPerRequest - b.syscallsPerRequest);
      const fmt = (values: number[], f: (v: number) => string) => {
        const r = range(values);
        return `${f(median(values))} (${f(r.min)}..${f(r.max)})`;
      };
      rows.push([workload, target, String(pairs.length), fmt(rps, ratio), fmt(cpu, ratio), fmt(sys, signed), fmt(p50, signed)]);
    }
  }
  if (rows.length === 0) return undefined;
  return table(["workload", "target", "pairs", "req/s after / before", "CPU per req after / before", "syscalls per req after - before", "p50 after - before (ms)"], rows);
}

interface Check {
  target: string;
  measured: string;
  goal: string;
  pass: boolean | undefined;
}

function checks(run: BenchRun, summaries: readonly Summary[], workloads: readonly string[]): Check[] {
  const out: Check[] = [];
  const add = (target: string, measured: string, goal: string, pass: boolean | undefined) => out.push({ target, measured, goal, pass });
  for (const w of workloads) {
    const pt = find(summaries, "moat-passthrough", w);
    const block = find(summaries, "moat-block", w);
    const logMode = find(summaries, "moat-log", w);
    const fwd = find(summaries, "forwarder", w);
    const pk = find(summaries, "portkey", w);
    if (pt) {
      add(`passthrough (${w})`, `added p50 ${signedNear(pt.addedP50, 0.5)} ms`, "< 0.5 ms", pt.addedP50 < 0.5);
      if (fwd) add(`passthrough (${w})`, `${((pt.rps / fwd.rps) * 100).toFixed(0)}% of forwarder's req/s (CPU per request ${ratio(pt.cpuUs / fwd.cpuUs)})`, ">= 90%", pt.rps >= 0.9 * fwd.rps);
      if (pk) add(`passthrough (${w})`, `${ratio(pt.rps / pk.rps)} Portkey's req/s`, ">= 10x", pt.rps >= 10 * pk.rps);
      add(`passthrough (${w})`, `1st chunk ${signed(pt.addedTtfb)} ms`, "within 1 ms of direct", Math.abs(pt.addedTtfb) <= 1);
    }
    if (block) {
      add(`block T0+T1 (${w})`, `added p50 ${signedNear(block.addedP50, 2)} ms`, "< 2 ms", block.addedP50 < 2);
      add(`block T0+T1 (${w})`, `added p99 ${signedNear(block.addedP99, 10)} ms`, "< 10 ms", block.addedP99 < 10);
      if (fwd) add(`block T0+T1 (${w})`, `${((block.rps / fwd.rps) * 100).toFixed(0)}% of forwarder's req/s (CPU per request ${ratio(block.cpuUs / fwd.cpuUs)})`, ">= 75%", block.rps >= 0.75 * fwd.rps);
      if (block.problems.notForwarded > 0) add(`block T0+T1 (${w})`, `${block.problems.notForwarded} benign requests refused`, "0 (else the latency is a refusal's)", false);
    }
    if (logMode) {
      if (pt) add(`log (${w})`, `${signed(logMode.addedP50 - pt.addedP50)} ms vs passthrough`, "same as passthrough (within 0.5 ms)", Math.abs(logMode.addedP50 - pt.addedP50) <= 0.5);
      add(`log (${w})`, `1st chunk ${signed(logMode.addedTtfb)} ms`, "within 1 ms of direct", Math.abs(logMode.addedTtfb) <= 1);
    }
  }
  const m = run.memory;
  if (m) {
    add("memory (default config)", `steady state ${m.lateMedian.toFixed(0)} MB (median of the last part of the run)`, "< 150 MB", m.lateMedian < 150);
    add("memory (default config)", `peak ${m.peak.toFixed(0)} MB (after warm-up ${m.warm.toFixed(0)} MB, at the end ${m.end.toFixed(0)} MB)`, "< 150 MB", m.peak < 150);
    const growth = (m.lateMedian / m.earlyMedian - 1) * 100;
    add(
      "memory (default config)",
      `${growth >= 0 ? "+" : ""}${growth.toFixed(1)}% (medians of the last and first part of the run; end vs after warm-up ${((m.end / m.warm - 1) * 100).toFixed(1)}%)`,
      m.durationS >= 300 ? "<= 10% over 5 min" : "<= 10% (5 min needs --long)",
      m.durationS >= 300 ? growth <= 10 : undefined,
    );
  }
  return out;
}

function noiseNotes(run: BenchRun, summaries: readonly Summary[]): string[] {
  const notes: string[] = [];
  for (const s of summaries) {
    const { errors, non2xx, notForwarded } = s.problems;
    if (errors + non2xx + notForwarded > 0) notes.push(`${s.target} (${s.workload}): ${errors} errors, ${non2xx} non-2xx, ${notForwarded} answers not from the upstream`);
    if (s.achievedRate < s.rate * 0.95) notes.push(`${s.target} (${s.workload}): the load generator reached ${s.achievedRate.toFixed(0)} req/s of ${s.rate}`);
  }
  const lag = Math.max(...summaries.map((s) => s.maxLagMs));
  notes.push(`worst lateness of the load generator's schedule: ${lag.toFixed(1)} ms (a late send is measured from when it went out, so it does not count as target latency)`);
  return notes;
}

export function reportTables(run: BenchRun): string {
  const summaries = summarize(run.samples);
  const workloads = run.workloads.map((w) => w.name);
  const s = run.settings;
  const parts: string[] = [];
  parts.push(`## Moat benchmark\n`);
  parts.push(`Machine: ${run.machine.cpu}, ${run.machine.memory}, ${run.machine.platform}, Node ${run.machine.node}. Load average before ${run.loadBefore}; after ${run.loadAfter}.`);
  parts.push(
    `Settings: ${s.reps} interleaved repetitions; latency at a fixed ${s.rate} req/s for ${s.latencyS} s (open loop; Portkey at ${s.peerRate} req/s, below its saturation, against the upstream measured directly at that rate), first streamed chunk at the same rates for ${s.streamS} s ` +
      `(${s.chunks} chunks, ${s.intervalMs} ms apart), saturation with ${s.connections} connections for ${s.satS} s (autocannon); ${s.warmupS} s warm-up before each, excluded. ` +
      `"added" = target minus direct in the same repetition, median over repetitions (spread = min..max over repetitions).\n`,
  );
  for (const w of run.workloads) {
    parts.push(`### Workload "${w.name}": ${w.description}, ${w.bytes} bytes\n`);
    parts.push(`${mainTable(run, summaries, w.name)}\n`);
  }
  const beforeAfter = beforeAfterTable(run.samples);
  if (beforeAfter) parts.push(`### Before / after (the "-base" targets run the baseline copy; medians of per-repetition ratios)\n`, `${beforeAfter}\n`);
  parts.push(`### Moat as ratios to Portkey and to the minimal forwarder (same run)\n`);
  parts.push(`${ratioTable(summaries, workloads)}\n`);
  if (run.memory) {
    const m = run.memory;
    parts.push(`### Memory: Moat, shipped route layout (/support block + / log), ${m.rate} req/s\n`);
    parts.push(
      `${table(
        ["after warm-up (MB)", `after ${m.durationS} s (MB)`, "peak (MB)", "median, first part (MB)", "median, last part (MB)", "growth (medians)", "requests", "errors / non-2xx"],
        [[m.warm.toFixed(0), m.end.toFixed(0), m.peak.toFixed(0), m.earlyMedian.toFixed(0), m.lateMedian.toFixed(0), `${((m.lateMedian / m.earlyMedian - 1) * 100).toFixed(1)}%`, int(m.requests), `${m.errors} / ${m.non2xx}`]],
      )}\n`,
    );
    parts.push(`RSS samples (s: MB): ${m.samples.map(([t, v]) => `${t}: ${v.toFixed(0)}`).join(", ")}\n`);
  }
  parts.push(`### Targets (issue 7)\n`);
  parts.push(`${table(["what", "measured", "target", "result"], checks(run, summaries, workloads).map((c) => [c.target, c.measured, c.goal, c.pass === undefined ? "n/a" : c.pass ? "PASS" : "MISS"]))}\n`);
  parts.push(`### Noise\n`);
  parts.push(`${noiseNotes(run, summaries).map((n) => `- ${n}`).join("\n")}\n`);
  return `${parts.join("\n")}\n`;
}
