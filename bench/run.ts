/**
 * `npm run bench`: what Moat adds to a chat request, side by side with the upstream itself, the
 * minimal forwarder (the ceiling of the stack) and the Portkey gateway, all in one run on one
 * fake upstream, repetitions interleaved, warm-up excluded. Prints the tables and the targets
 * of the issue as PASS/MISS. `npm run bench -- --help` lists the options.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { cpus, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { cpuMs, ioSyscalls, loadAverage, rssMb } from "./memory.js";
import { memoryRun } from "./memory-run.js";
import { paced, pacedClient, type PacedResult } from "./paced.js";
import { reportTables } from "./report.js";
import { saturate } from "./saturate.js";
import { percentile } from "./stats.js";
import type { BenchRun, Sample } from "./types.js";
import { buildMoat, directTarget, ROOT, sourceMoat, startForwarder, startMoat, startPortkeyTarget, startUpstream, type MoatBuild, type Target, type UpstreamProcess } from "./targets.js";
import { DEFAULT_WORKLOADS, workloads as allWorkloads, type Workload } from "./workloads.js";

const HELP = `usage: npm run bench -- [options]

  --reps N           interleaved repetitions (default 3)
  --rate R           fixed request rate for latency and time to first chunk (default 500/s)
  --peer-rate R      the same for Portkey, whose saturation on this machine is near 500/s; the
                     upstream is then also measured directly at this rate as its baseline (default 100/s)
  --latency-s S      seconds per latency run (default 5)
  --stream-s S       seconds per time-to-first-chunk run (default 3)
  --sat-s S          seconds per saturation run (default 5)
  --warmup-s S       seconds of excluded warm-up before each target's runs (default 1)
  --connections C    autocannon connections at saturation (default 10)
  --chunks N         chunks per streamed answer (default 5)
  --interval MS      pause between streamed chunks (default 10)
  --workloads LIST   small,large,agent (default small,large; agent = tool loops that re-send
                     the prompt and earlier tool results, where Tier 1's score cache pays)
  --targets LIST     forwarder,moat-passthrough,moat-block,moat-log,portkey (default all; direct always runs)
  --hbfw FILE        also measure block mode with Tier 2 using this trained .hbfw model
  --long             memory run of 5 minutes (default 30 s)
  --memory-s S       memory run length in seconds (overrides --long; 0 skips it)
  --baseline-root D  also run each selected Moat target from the copy of the project in D (named
                     "<target>-base"), for before/after figures from the same run
  --tsx              run Moat from its TypeScript sources through tsx instead of compiling it first
                     (quicker; memory then includes tsx's loader)
  --cpu-prof DIR     write a V8 CPU profile of every Moat process into DIR
  --json FILE        also write every raw measurement as JSON
  --from FILE        print the tables of a run saved with --json, without measuring anything
  --quick            1 repetition, 2 s runs: a smoke test, not a measurement
  --keep             keep the work folder (configs and process logs)`;

// The fields the tables read; a file from another version of the benchmark is refused, not misread.
const savedRunSchema = z.looseObject({
  machine: z.record(z.string(), z.string()),
  settings: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
  samples: z.array(z.looseObject({ rep: z.number(), workload: z.string(), target: z.string(), rate: z.number(), syscallsPerRequest: z.number().nullable(), cpuUsPerRequest: z.number().nullable() })),
  rssWarm: z.record(z.string(), z.number().nullable()),
  rssAfter: z.record(z.string(), z.number().nullable()),
  loadBefore: z.string(),
  loadAfter: z.string(),
  workloads: z.array(z.object({ name: z.string(), description: z.string(), bytes: z.number() })),
});

/** JSON turns NaN (a figure not measured) into null; the tables expect NaN back. */
function nullToNaN(value: unknown): unknown {
  if (value === null) return Number.NaN;
  if (Array.isArray(value)) return value.map(nullToNaN);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nullToNaN(v)]));
  return value;
}

function readSavedRun(file: string): BenchRun {
  const parsed = savedRunSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file} is not a run saved by this benchmark's --json: ${parsed.error.issues[0]?.message ?? "unexpected shape"}`);
  return nullToNaN(parsed.data) as BenchRun;
}

function num(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} expects a non-negative number, got "${value}"`);
  return n;
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

interface Plan {
  target: Target;
  rate: number;
  /** False for the extra direct baseline at the peer rate: its saturation is measured once already. */
  saturation: boolean;
}

async function measure(plan: Plan, workload: Workload, rep: number, s: Settings): Promise<Sample> {
  const { target, rate } = plan;
  const client = pacedClient(target.origin);
  try {
    const base = { path: target.path, headers: target.headers, rate };
    const skipped: PacedResult = { latencies: [], sent: 0, errors: 0, non2xx: 0, notForwarded: 0, maxLagMs: 0, elapsedMs: 1 };
    if (s.warmupS > 0) await paced(client, { ...base, body: () => workload.next(false), durationMs: s.warmupS * 1000, firstChunk: false });
    // A zero duration skips a measurement (e.g. throughput-only runs while profiling).
    const latency = s.latencyS > 0 ? await paced(client, { ...base, body: () => workload.next(false), durationMs: s.latencyS * 1000, firstChunk: false }) : skipped;
    const stream = s.streamS > 0 ? await paced(client, { ...base, body: () => workload.next(true), durationMs: s.streamS * 1000, firstChunk: true }) : skipped;
    const cpuBefore = cpuMs(target.pid);
    const syscallsBefore = ioSyscalls(target.pid);
    const sat = plan.saturation && s.satS > 0
      ? await saturate({ origin: target.origin, path: target.path, headers: target.headers, body: () => workload.next(false), connections: s.connections, durationS: s.satS })
      : { rps: Number.NaN, requests: 0, errors: 0, non2xx: 0 };
    const cpuUsPerRequest = sat.requests > 0 ? ((cpuMs(target.pid) - cpuBefore) * 1000) / sat.requests : Number.NaN;
    const syscallsPerRequest = sat.requests > 0 ? (ioSyscalls(target.pid) - syscallsBefore) / sat.requests : Number.NaN;
    return {
      rep,
      workload: workload.name,
      target: target.name,
      rate,
      latencyP50: percentile(latency.latencies, 50),
      latencyP99: percentile(latency.latencies, 99),
      ttfbP50: percentile(stream.latencies, 50),
      ttfbP99: percentile(stream.latencies, 99),
      rps: sat.rps,
      cpuUsPerRequest,
      syscallsPerRequest,
      errors: latency.errors + stream.errors + sat.errors,
      non2xx: latency.non2xx + stream.non2xx + sat.non2xx,
      notForwarded: latency.notForwarded + stream.notForwarded,
      maxLagMs: Math.max(latency.maxLagMs, stream.maxLagMs),
      achievedRate: s.latencyS > 0 ? latency.sent / (latency.elapsedMs / 1000) : Number.NaN,
    };
  } finally {
    await client.close();
  }
}

interface Settings {
  reps: number;
  rate: number;
  peerRate: number;
  latencyS: number;
  streamS: number;
  satS: number;
  warmupS: number;
  connections: number;
  chunks: number;
  intervalMs: number;
  memoryS: number;
}

function machine(): Record<string, string> {
  const cpu = cpus();
  return {
    cpu: `${cpu.length} x ${cpu[0]?.model.trim() ?? "unknown"}`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GB`,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

interface TargetChoice {
  names: Set<string>;
  hbfw: string | undefined;
  cpuProfileDir: string | undefined;
  build: MoatBuild;
  baseline: MoatBuild | undefined;
}

async function startTargets(choice: TargetChoice, upstream: UpstreamProcess, workDir: string): Promise<Target[]> {
  const { names, hbfw, cpuProfileDir, build, baseline } = choice;
  const targets: Target[] = [directTarget(upstream)];
  const moat = async (name: string, mode: "passthrough" | "block" | "log", extra: { hbfw?: string } = {}) => {
    const common = { mode, upstream, workDir, ...extra, ...(cpuProfileDir ? { cpuProfileDir } : {}) };
    targets.push(await startMoat({ name, build, ...common }));
    if (baseline) targets.push(await startMoat({ name: `${name}-base`, build: baseline, ...common }));
  };
  if (names.has("forwarder")) targets.push(await startForwarder(upstream, workDir, cpuProfileDir));
  if (names.has("moat-passthrough")) await moat("moat-passthrough", "passthrough");
  if (names.has("moat-block")) await moat("moat-block", "block");
  if (hbfw) await moat("moat-block-t2", "block", { hbfw });
  if (names.has("moat-log")) await moat("moat-log", "log");
  if (names.has("portkey")) targets.push(await startPortkeyTarget(upstream, workDir));
  return targets;
}

/** Every target sees every position in the order over the repetitions. */
function rotated<T>(items: readonly T[], by: number): T[] {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      reps: { type: "string" },
      rate: { type: "string" },
      "peer-rate": { type: "string" },
      "latency-s": { type: "string" },
      "stream-s": { type: "string" },
      "sat-s": { type: "string" },
      "warmup-s": { type: "string" },
      connections: { type: "string" },
      chunks: { type: "string" },
      interval: { type: "string" },
      workloads: { type: "string" },
      targets: { type: "string" },
      hbfw: { type: "string" },
      long: { type: "boolean", default: false },
      "memory-s": { type: "string" },
      "cpu-prof": { type: "string" },
      "baseline-root": { type: "string" },
      tsx: { type: "boolean", default: false },
      json: { type: "string" },
      from: { type: "string" },
      quick: { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (values.from) {
    process.stdout.write(reportTables(readSavedRun(values.from)));
    return 0;
  }
  const quick = values.quick === true;
  const s: Settings = {
    reps: num(values.reps, quick ? 1 : 3, "reps"),
    rate: num(values.rate, 500, "rate"),
    peerRate: num(values["peer-rate"], 100, "peer-rate"),
    latencyS: num(values["latency-s"], quick ? 2 : 5, "latency-s"),
    streamS: num(values["stream-s"], quick ? 1 : 3, "stream-s"),
    satS: num(values["sat-s"], quick ? 2 : 5, "sat-s"),
    warmupS: num(values["warmup-s"], 1, "warmup-s"),
    connections: num(values.connections, 10, "connections"),
    chunks: num(values.chunks, 5, "chunks"),
    intervalMs: num(values.interval, 10, "interval"),
    memoryS: num(values["memory-s"], values.long ? 300 : quick ? 10 : 30, "memory-s"),
  };
  const known = ["forwarder", "moat-passthrough", "moat-block", "moat-log", "portkey"];
  const names = new Set(values.targets ? values.targets.split(",").map((t) => t.trim()) : known);
  for (const name of names) if (!known.includes(name)) throw new Error(`unknown target "${name}"; expected some of ${known.join(", ")}`);
  const chosen = values.workloads ? values.workloads.split(",").map((w) => w.trim()) : DEFAULT_WORKLOADS;
  const workloads = allWorkloads().filter((w) => chosen.includes(w.name));
  if (workloads.length === 0) throw new Error(`no workload among "${values.workloads}"; expected small, large or agent`);

  const workDir = mkdtempSync(join(tmpdir(), "moat-bench-"));
  const run: BenchRun = {
    machine: machine(),
    settings: { ...s, quick },
    samples: [],
    rssWarm: {},
    rssAfter: {},
    loadBefore: loadAverage(),
    loadAfter: "",
    workloads: workloads.map((w) => ({ name: w.name, description: w.description, bytes: w.json.length })),
  };
  log(`moat bench: work folder ${workDir}; load average ${run.loadBefore}`);
  const upstream = await startUpstream(workDir, s.chunks, s.intervalMs);
  let targets: Target[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled(targets.map((t) => t.stop()));
    await upstream.stop();
  };
  const onSignal = (): void => {
    void stopAll().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const prepare = (root: string, name: string): MoatBuild => {
      if (values.tsx) return sourceMoat(root);
      log(`building Moat from ${root} (tsc) ...`);
      return buildMoat(root, join(workDir, name));
    };
    const build = prepare(ROOT, "build");
    const baselineRoot = values["baseline-root"];
    const baseline = baselineRoot ? prepare(resolve(baselineRoot), "build-base") : undefined;
    targets = await startTargets({ names, hbfw: values.hbfw, cpuProfileDir: values["cpu-prof"], build, baseline }, upstream, workDir);
    log(`targets: ${targets.map((t) => t.name).join(", ")}`);

    // JIT and connection pools warm before anything is measured; none of this is recorded.
    for (const target of targets) {
      for (const w of workloads) await saturate({ origin: target.origin, path: target.path, headers: target.headers, body: () => w.next(false), connections: s.connections, durationS: quick ? 1 : 3 });
      run.rssWarm[target.name] = rssMb(target.pid);
    }

    const plans: Plan[] = targets.map((target) => ({ target, rate: target.name === "portkey" ? s.peerRate : s.rate, saturation: true }));
    const direct = targets[0] as Target;
    if (plans.some((p) => p.rate !== s.rate)) plans.splice(1, 0, { target: direct, rate: s.peerRate, saturation: false });
    for (let rep = 0; rep < s.reps; rep++) {
      for (const w of workloads) {
        for (const plan of rotated(plans, rep)) {
          const { target } = plan;
          const sample = await measure(plan, w, rep, s);
          run.samples.push(sample);
          log(
            `rep ${rep + 1}/${s.reps} ${w.name.padEnd(5)} ${target.name.padEnd(16)} @${plan.rate}/s p50 ${sample.latencyP50.toFixed(2)} ms  p99 ${sample.latencyP99.toFixed(2)} ms  ttfb ${sample.ttfbP50.toFixed(2)} ms  ${Math.round(sample.rps)} req/s` +
              (sample.errors + sample.non2xx + sample.notForwarded > 0 ? `  [errors ${sample.errors}, non-2xx ${sample.non2xx}, not forwarded ${sample.notForwarded}]` : ""),
          );
        }
      }
    }
    for (const target of targets) run.rssAfter[target.name] = rssMb(target.pid);
    await Promise.allSettled(targets.filter((t) => t.name !== "direct").map((t) => t.stop()));
    targets = [];

    if (s.memoryS > 0) {
      log(`memory run: Moat with the shipped route layout (block + log), ${s.memoryS} s at ${s.rate} req/s`);
      run.memory = await memoryRun({ upstream, workDir, build, workloads, rate: s.rate, durationS: s.memoryS, warmupS: quick ? 5 : 20 });
    }
  } finally {
    await stopAll();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  run.loadAfter = loadAverage();
  process.stdout.write(reportTables(run));
  if (values.json) writeFileSync(values.json, `${JSON.stringify(run, null, 2)}\n`);
  if (values.keep) log(`kept ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
