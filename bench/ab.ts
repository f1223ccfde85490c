/**
 * Before/after CPU per request of one Moat mode, in alternating saturation rounds:
 * `tsx bench/ab.ts --baseline-root DIR [--also DIR ...] [--mode passthrough] [--workload small|large|agent] [--rounds 8] [--round-s 3] [--forwarder]`
 * (--also adds more copies of the project, e.g. one per step of a series of changes).
 *
 * `npm run bench` measures each target a few times inside a 15-minute run; for a change worth a
 * few microseconds per request that is too coarse on a shared machine, where CPU per request
 * drifts by 10-20% over minutes. Here the builds (this tree and DIR, e.g. a `git worktree` of
 * the previous commit) run side by side and take turns under load, round after round, so both
 * see much the same drift, and the medians and per-round ratios are compared. CPU time comes from /proc (user + system, all
 * threads), as in the main benchmark.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { cpuMs, ioSyscalls, loadAverage } from "./memory.js";
import { saturate } from "./saturate.js";
import { percentile } from "./stats.js";
import { buildMoat, ROOT, startForwarder, startMoat, startUpstream, type MoatMode, type Target } from "./targets.js";
import { workloads } from "./workloads.js";

const { values } = parseArgs({
  options: {
    "baseline-root": { type: "string" },
    mode: { type: "string", default: "passthrough" },
    workload: { type: "string", default: "small" },
    rounds: { type: "string", default: "8" },
    "round-s": { type: "string", default: "3" },
    connections: { type: "string", default: "10" },
    also: { type: "string", multiple: true, default: [] },
    forwarder: { type: "boolean", default: false },
  },
});

const mode = values.mode as MoatMode;
if (!["passthrough", "block", "log"].includes(mode)) throw new Error(`--mode: passthrough, block or log, got "${values.mode}"`);
const workload = workloads().find((w) => w.name === values.workload);
if (!workload) throw new Error(`--workload: small, large or agent, got "${values.workload}"`);
const rounds = Number(values.rounds);
const roundS = Number(values["round-s"]);
const connections = Number(values.connections);

interface Tally {
  cpu: number[];
  syscalls: number[];
  rps: number[];
}

const workDir = mkdtempSync(join(tmpdir(), "moat-ab-"));
const upstream = await startUpstream(workDir, 5, 10);
const targets: Target[] = [];
try {
  targets.push(await startMoat({ name: "after", mode, upstream, workDir, build: buildMoat(ROOT, join(workDir, "build")) }));
  const base = values["baseline-root"];
  if (base) targets.push(await startMoat({ name: "before", mode, upstream, workDir, build: buildMoat(resolve(base), join(workDir, "build-base")) }));
  for (const [i, dir] of (values.also ?? []).entries()) {
    targets.push(await startMoat({ name: `also${i + 1}`, mode, upstream, workDir, build: buildMoat(resolve(dir), join(workDir, `build-also${i + 1}`)) }));
  }
  if (values.forwarder) targets.push(await startForwarder(upstream, workDir));
  console.log(`builds: after = ${ROOT}, before = ${base ?? "-"}${(values.also ?? []).map((d, i) => `, also${i + 1} = ${d}`).join("")}`);
  console.log(`moat ab: ${mode}, workload ${workload.name}, ${rounds} rounds of ${roundS} s; load average ${loadAverage()}`);
  for (const t of targets) await saturate({ origin: t.origin, path: t.path, headers: t.headers, body: () => workload.next(false), connections, durationS: 3 });

  const tallies = new Map<string, Tally>(targets.map((t) => [t.name, { cpu: [], syscalls: [], rps: [] }]));
  for (let round = 0; round < rounds; round++) {
    const line: string[] = [];
    const measureOne = async (t: Target): Promise<void> => {
      const cpu0 = cpuMs(t.pid);
      const sys0 = ioSyscalls(t.pid);
      const sat = await saturate({ origin: t.origin, path: t.path, headers: t.headers, body: () => workload.next(false), connections, durationS: roundS });
      const tally = tallies.get(t.name) as Tally;
      const cpu = ((cpuMs(t.pid) - cpu0) * 1000) / sat.requests;
      tally.cpu.push(cpu);
      tally.syscalls.push((ioSyscalls(t.pid) - sys0) / sat.requests);
      tally.rps.push(sat.rps);
      line.push(`${t.name} ${cpu.toFixed(0)} us ${Math.round(sat.rps)}/s`);
    };
    // Rotate the order, so no build always runs right after another. (Loading the builds at the
    // same time instead was tried: one autocannon process then cannot saturate them, and CPU per
    // request at a few hundred requests per second is mostly the event loop waking up.)
    for (let i = 0; i < targets.length; i++) await measureOne(targets[(i + round) % targets.length] as Target);
    console.log(`round ${round + 1}: ${line.join(", ")}`);
  }
  console.log(`load average after ${loadAverage()}`);
  console.log("| build | CPU us/req median (min..max) | r+w syscalls/req | req/s median |");
  console.log("| --- | --- | --- | --- |");
  for (const [name, t] of tallies) {
    console.log(`| ${name} | ${percentile(t.cpu, 50).toFixed(1)} (${Math.min(...t.cpu).toFixed(0)}..${Math.max(...t.cpu).toFixed(0)}) | ${percentile(t.syscalls, 50).toFixed(2)} | ${Math.round(percentile(t.rps, 50))} |`);
  }
  const after = tallies.get("after") as Tally;
  const before = tallies.get("before");
  if (before) {
    // Per-round ratios cancel the drift both builds share.
    const ratios = after.cpu.map((c, i) => c / (before.cpu[i] ?? Number.NaN));
    console.log(`after/before CPU per request, median of per-round ratios: ${percentile(ratios, 50).toFixed(3)} (${Math.min(...ratios).toFixed(3)}..${Math.max(...ratios).toFixed(3)})`);
    for (const [name, t] of tallies) {
      if (!name.startsWith("also")) continue;
      const r = t.cpu.map((c, i) => c / (before.cpu[i] ?? Number.NaN));
      console.log(`${name}/before: ${percentile(r, 50).toFixed(3)} (${Math.min(...r).toFixed(3)}..${Math.max(...r).toFixed(3)})`);
    }
  }
} finally {
  await Promise.allSettled(targets.map((t) => t.stop()));
  await upstream.stop();
  rmSync(workDir, { recursive: true, force: true });
}
