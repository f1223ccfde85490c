/**
 * `npm run bench:soak`: a bounded soak. Moat runs as `moat serve` (its own process, compiled as
 * shipped, Tier 1 built-in and event store on, as by default) with four routes in three modes in
 * front of the benchmark's fake upstream; this process first finds the saturation throughput of
 * the mixed traffic (closed loop), then sends the same mix open-loop at a fraction of it (80% by
 * default) for the whole duration: JSON and streamed answers, other endpoints, and attacks.
 *
 * Printed per time window: requests, errors, answers that differ from the calibration pass,
 * latency p50/p99, streamed time to first chunk p99, Moat's RSS, and the generator's own lag.
 * Then the verdict: errors, p99 drift, RSS growth. `npm run bench:soak -- --help` lists options.
 */
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Pool } from "undici";
import { stringify } from "yaml";
import { UPSTREAM_MARK } from "./fake-upstream.js";
import { loadAverage, rssMb } from "./memory.js";
import { distinctRequests, mixRequest, requestKey, SOAK_ROUTES, type SoakRequest } from "./soak-mix.js";
import { median, percentile } from "./stats.js";
import { buildMoat, childEnv, freePort, ROOT, sourceMoat, startUpstream, stopChild, waitUntilServing, type MoatBuild } from "./targets.js";

const HELP = `usage: npm run bench:soak -- [options]

  --duration S       soak length in seconds (default 300)
  --window S         seconds per reporting window (default 30, or duration/6 when shorter runs)
  --load F           fraction of the measured saturation to send (default 0.8)
  --rate R           send R requests/s and skip the saturation probe
  --saturation-s S   length of the closed-loop saturation probe (default 15)
  --connections C    concurrent clients in the saturation probe (default 32)
  --chunks N         chunks per streamed answer (default 5)
  --interval MS      pause between streamed chunks (default 10)
  --tsx              run Moat from the TypeScript sources instead of compiling it first
  --json FILE        also write the windows and totals as JSON
  --keep             keep the work folder (config, event store, Moat's log)`;

type Outcome = "forwarded" | "refused" | `status ${number}` | "error";

interface Done {
  at: number;
  kind: string;
  latencyMs: number;
  firstChunkMs: number;
  outcome: Outcome;
  key: string;
}

function num(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} expects a positive number, got "${value}"`);
  return n;
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function startSoakMoat(build: MoatBuild, upstreamOrigin: string, dir: string): Promise<{ origin: string; pid: number; stop: () => Promise<number | null> }> {
  mkdirSync(dir, { recursive: true });
  const config = {
    upstreams: { bench: { base_url: `${upstreamOrigin}/v1` } },
    events: { path: "./events.db" },
    routes: SOAK_ROUTES.map((r) => ({ ...r, upstream: "bench", agent: join(build.root, "agent.yaml") })),
  };
  const configFile = join(dir, "proxy.config.yaml");
  writeFileSync(configFile, stringify(config));
  const port = await freePort();
  const fd = openSync(join(dir, "moat.log"), "w");
  const child = spawn(process.execPath, [...build.cli, "serve", "--config", configFile, "--port", String(port)], {
    cwd: dir,
    env: { ...childEnv(), ...(build.production ? { NODE_ENV: "production" } : {}) },
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  const origin = `http://127.0.0.1:${port}`;
  await waitUntilServing(`${origin}/healthz`, 60_000, child);
  return {
    origin,
    pid: child.pid ?? 0,
    async stop() {
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      await stopChild(child);
      return exited;
    },
  };
}

async function send(pool: Pool, r: SoakRequest, timeoutMs = 30_000): Promise<Omit<Done, "at" | "kind" | "key">> {
  const start = performance.now();
  try {
    const res = await pool.request({
      method: r.method,
      path: r.path,
      headers: r.body ? { "content-type": "application/json", authorization: "Bearer sk-bench" } : { authorization: "Bearer sk-bench" },
      body: r.body ?? null,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    let first = 0;
    let text = "";
    for await (const chunk of res.body) {
      if (first === 0) first = performance.now();
      if (!res.headers[UPSTREAM_MARK] && text.length < 4096) text += (chunk as Buffer).toString("utf8");
    }
    const end = performance.now();
    let outcome: Outcome;
    if (res.headers[UPSTREAM_MARK] !== undefined) outcome = "forwarded";
    else if (text.includes("content_filter")) outcome = "refused";
    else outcome = `status ${res.statusCode}`;
    return { latencyMs: end - start, firstChunkMs: (first || end) - start, outcome };
  } catch {
    return { latencyMs: performance.now() - start, firstChunkMs: Number.NaN, outcome: "error" };
  }
}

/** Each distinct request once (after a warm-up pass): the outcome every later copy must match. */
async function calibrate(pool: Pool): Promise<Map<string, Outcome>> {
  const requests = distinctRequests();
  for (const r of requests) await send(pool, r);
  const expected = new Map<string, Outcome>();
  for (const r of requests) expected.set(requestKey(r), (await send(pool, r)).outcome);
  return expected;
}

/** Closed loop: `connections` clients, each sending its next request when the last one finishes. */
async function saturation(pool: Pool, connections: number, seconds: number): Promise<number> {
  let n = 0;
  let completed = 0;
  const until = performance.now() + seconds * 1000;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        await send(pool, mixRequest(n++));
        completed++;
      }
    }),
  );
  return completed / ((performance.now() - began) / 1000);
}

interface WindowStats {
  window: number;
  fromS: number;
  sent: number;
  done: number;
  errors: number;
  unexpected: number;
  p50: number;
  p99: number;
  streamFirstChunkP99: number;
  rssMb: number;
  genLagMs: number;
}

function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : "-";
}

/** Least-squares slope of y over x. */
function slope(points: readonly { x: number; y: number }[]): number {
  if (points.length < 2) return Number.NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / points.length;
  const my = points.reduce((s, p) => s + p.y, 0) / points.length;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? Number.NaN : num / den;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: "string" },
      window: { type: "string" },
      load: { type: "string" },
      rate: { type: "string" },
      "saturation-s": { type: "string" },
      connections: { type: "string" },
      chunks: { type: "string" },
      interval: { type: "string" },
      tsx: { type: "boolean" },
      json: { type: "string" },
      keep: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const durationS = num(values.duration, 300, "duration");
  const windowS = num(values.window, Math.min(30, Math.max(1, durationS / 6)), "window");
  const load = num(values.load, 0.8, "load");
  const chunks = num(values.chunks, 5, "chunks");
  const interval = num(values.interval, 10, "interval");

  const workDir = mkdtempSync(join(tmpdir(), "moat-soak-"));
  log(`work folder: ${workDir}`);
  const upstream = await startUpstream(workDir, chunks, interval);
  let moat: Awaited<ReturnType<typeof startSoakMoat>> | undefined;
  try {
    log(values.tsx ? "running Moat from sources (tsx)" : "compiling Moat as shipped (tsc)...");
    const build = values.tsx ? sourceMoat(ROOT) : buildMoat(ROOT, join(workDir, "build"));
    moat = await startSoakMoat(build, upstream.origin, join(workDir, "moat"));
    const client = new Pool(moat.origin, { connections: 512, pipelining: 1, keepAliveTimeout: 60_000 });
    try {
      log("calibration: every distinct request of the mix, twice...");
      const expected = await calibrate(client);
      const outcomes = [...expected.values()];
      const calibrationErrors = outcomes.filter((o) => o === "error" || o.startsWith("status")).length;

      let rate = values.rate ? num(values.rate, 0, "rate") : 0;
      let saturationRps = Number.NaN;
      if (!rate) {
        const satS = num(values["saturation-s"], 15, "saturation-s");
        const connections = num(values.connections, 32, "connections");
        log(`saturation probe: ${connections} closed-loop clients for ${satS} s...`);
        await saturation(client, connections, Math.min(3, satS)); // warm-up
        saturationRps = await saturation(client, connections, satS);
        rate = saturationRps * load;
        log(`saturation ${saturationRps.toFixed(0)} req/s; soaking at ${rate.toFixed(0)} req/s (${Math.round(load * 100)}%) for ${durationS} s`);
      }

      const done: Done[] = [];
      const rss: { t: number; mb: number }[] = [];
      const lagByWindow = new Map<number, number>();
      const sentByWindow = new Map<number, number>();
      const gapMs = 1000 / rate;
      const total = Math.round(durationS * rate);
      const began = performance.now();
      const rssTimer = setInterval(() => rss.push({ t: (performance.now() - began) / 1000, mb: rssMb(moat?.pid ?? 0) }), 1000);
      const inflight = new Set<Promise<void>>();
      let sent = 0;
      await new Promise<void>((resolveLoop) => {
        const tick = (): void => {
          const now = performance.now();
          while (sent < total && began + sent * gapMs <= now) {
            const w = Math.floor((sent * gapMs) / 1000 / windowS);
            lagByWindow.set(w, Math.max(lagByWindow.get(w) ?? 0, now - (began + sent * gapMs)));
            sentByWindow.set(w, (sentByWindow.get(w) ?? 0) + 1);
            const r = mixRequest(sent);
            sent++;
            const p = send(client, r).then((result) => {
              done.push({ ...result, at: (performance.now() - began) / 1000, kind: r.kind, key: requestKey(r) });
            });
            inflight.add(p);
            void p.finally(() => inflight.delete(p));
          }
          if (sent >= total) {
            resolveLoop();
            return;
          }
          setTimeout(tick, Math.max(0, began + sent * gapMs - performance.now()));
        };
        tick();
      });
      await Promise.all(inflight);
      clearInterval(rssTimer);

      const windows: WindowStats[] = [];
      const windowCount = Math.ceil(durationS / windowS);
      for (let w = 0; w < windowCount; w++) {
        const inWindow = done.filter((d) => Math.min(windowCount - 1, Math.floor(d.at / windowS)) === w);
        const ok = inWindow.filter((d) => d.outcome !== "error" && !d.outcome.startsWith("status"));
        const streams = ok.filter((d) => d.kind.endsWith("/stream"));
        const rssInWindow = rss.filter((s) => Math.floor(s.t / windowS) === w).map((s) => s.mb);
        windows.push({
          window: w + 1,
          fromS: w * windowS,
          sent: sentByWindow.get(w) ?? 0,
          done: inWindow.length,
          errors: inWindow.length - ok.length,
          unexpected: ok.filter((d) => expected.get(d.key) !== d.outcome).length,
          p50: percentile(ok.map((d) => d.latencyMs), 50),
          p99: percentile(ok.map((d) => d.latencyMs), 99),
          streamFirstChunkP99: percentile(streams.map((d) => d.firstChunkMs), 99),
          rssMb: rssInWindow.at(-1) ?? Number.NaN,
          genLagMs: lagByWindow.get(w) ?? 0,
        });
      }

      const errors = done.filter((d) => d.outcome === "error" || d.outcome.startsWith("status"));
      const unexpected = done.filter((d) => d.outcome !== "error" && !d.outcome.startsWith("status") && expected.get(d.key) !== d.outcome);
      const byKind = new Map<string, { n: number; forwarded: number; refused: number; errors: number }>();
      for (const d of done) {
        const k = byKind.get(d.kind) ?? { n: 0, forwarded: 0, refused: 0, errors: 0 };
        k.n++;
        if (d.outcome === "forwarded") k.forwarded++;
        else if (d.outcome === "refused") k.refused++;
        else k.errors++;
        byKind.set(d.kind, k);
      }
      // The first window carries JIT warm-up and the step from the probe to the paced rate.
      const steady = windows.length > 2 ? windows.slice(1) : windows;
      const p99s = steady.map((w) => w.p99).filter(Number.isFinite);
      const afterWarmup = rss.filter((s) => s.t >= Math.min(60, durationS / 5));
      const rssSlope = slope(afterWarmup.map((s) => ({ x: s.t / 60, y: s.mb })));
      const exit = await moat.stop();
      moat = undefined;

      const out: string[] = [];
      out.push(`## Soak: ${durationS} s at ${rate.toFixed(0)} req/s${Number.isFinite(saturationRps) ? ` (${Math.round(load * 100)}% of the measured saturation, ${saturationRps.toFixed(0)} req/s)` : ""}`);
      out.push("");
      out.push(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), load average ${loadAverage()}. Moat ${build.production ? "compiled (node dist/cli.js)" : "from sources (tsx)"}, four routes (block, block with on_review/fail open, log, passthrough), Tier 1 built-in and event store on; fake upstream ${chunks} chunks x ${interval} ms. Calibration: ${expected.size} distinct requests, ${outcomes.filter((o) => o === "refused").length} refused, ${outcomes.filter((o) => o === "forwarded").length} forwarded, ${calibrationErrors} errors.`);
      out.push("");
      out.push("| window | from s | sent | done | errors | unexpected | p50 ms | p99 ms | stream first chunk p99 ms | Moat RSS MB | generator lag ms |");
      out.push("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
      for (const w of windows) {
        out.push(`| ${w.window} | ${fmt(w.fromS, 0)} | ${w.sent} | ${w.done} | ${w.errors} | ${w.unexpected} | ${fmt(w.p50)} | ${fmt(w.p99)} | ${fmt(w.streamFirstChunkP99)} | ${fmt(w.rssMb, 0)} | ${fmt(w.genLagMs)} |`);
      }
      out.push("");
      out.push("| request kind | n | forwarded | refused | errors |");
      out.push("|---|---:|---:|---:|---:|");
      for (const [kind, k] of [...byKind.entries()].sort()) out.push(`| ${kind} | ${k.n} | ${k.forwarded} | ${k.refused} | ${k.errors} |`);
      out.push("");
      const p99Drift = p99s.length > 1 ? Math.max(...p99s) / median(p99s) : Number.NaN;
      out.push(`Requests: ${done.length} sent and answered; errors ${errors.length}${errors.length ? ` (${[...new Set(errors.map((e) => e.outcome))].join(", ")})` : ""}; answers unlike the calibration ${unexpected.length}.`);
      out.push(`p99 per window${steady === windows ? "" : " after the first"}: median ${fmt(median(p99s))} ms, worst ${fmt(Math.max(...p99s))} ms (worst/median ${fmt(p99Drift, 2)}); first/last window ${fmt(p99s[0] ?? Number.NaN)} / ${fmt(p99s.at(-1) ?? Number.NaN)} ms.`);
      out.push(`Moat RSS: ${fmt(rss[0]?.mb ?? Number.NaN, 0)} MB at start, ${fmt(afterWarmup[0]?.mb ?? Number.NaN, 0)} MB after warm-up, ${fmt(rss.at(-1)?.mb ?? Number.NaN, 0)} MB at the end; trend after warm-up ${fmt(rssSlope, 2)} MB/min.`);
      out.push(`Moat exited with code ${exit} after SIGTERM.`);
      process.stdout.write(`${out.join("\n")}\n`);
      if (values.json) {
        writeFileSync(values.json, JSON.stringify({ durationS, rate, saturationRps, windows, byKind: Object.fromEntries(byKind), errors: errors.length, unexpected: unexpected.length, rss, exit }, null, 2));
      }
    } finally {
      await client.close();
    }
  } finally {
    if (moat) await moat.stop();
    await upstream.stop();
    if (!values.keep) rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
