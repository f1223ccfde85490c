/**
 * Starting and stopping what the benchmark measures, each in its own process so that no target
 * shares an event loop with the load generator or with another target: the fake upstream, the
 * minimal forwarder, Moat (through `moat serve`, the shipped entry point) and the Portkey gateway.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import { cliNodeFlags } from "./cli-flags.js";
import { startPortkey } from "./portkey.js";

export const ROOT = resolve(import.meta.dirname, "..");
/** tsx's loader by URL, so a child started in another folder still finds it. */
const TSX = import.meta.resolve("tsx");

export interface Target {
  name: string;
  /** Origin the load goes to, e.g. http://127.0.0.1:40123 */
  origin: string;
  /** Path of the chat endpoint on that origin. */
  path: string;
  /** Extra request headers this target needs (Portkey's provider and custom host). */
  headers: Record<string, string>;
  pid: number;
  stop(): Promise<void>;
}

export type MoatMode = "passthrough" | "block" | "log";

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Environment for children: no judge or provider settings from the caller's shell leak in. */
export function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(MOAT_|HB_FIREWALL_|HUMANBOUND_FIREWALL_|OPENAI_|NODE_OPTIONS$)/.test(key)) continue;
    env[key] = value;
  }
  return env;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      done(true);
    });
  });
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  if (!(await waitForExit(child, 15_000))) {
    child.kill("SIGKILL");
    await waitForExit(child, 5_000);
  }
}

function logFile(dir: string, name: string): number {
  mkdirSync(dir, { recursive: true });
  return openSync(join(dir, `${name}.log`), "w");
}

/** A bench/*.ts entry that reports its port over IPC once it listens. */
async function startTsEntry(file: string, args: string[], logDir: string, name: string, nodeArgs: string[] = []): Promise<{ child: ChildProcess; port: number }> {
  const fd = logFile(logDir, name);
  const child = spawn(process.execPath, [...nodeArgs, "--import", TSX, join(ROOT, file), ...args], { cwd: ROOT, env: childEnv(), stdio: ["ignore", fd, fd, "ipc"] });
  closeSync(fd);
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 30 s; see ${join(logDir, `${name}.log`)}`)), 30_000);
    child.once("message", (message: unknown) => {
      clearTimeout(timer);
      const port = (message as { port?: unknown }).port;
      if (typeof port === "number" && port > 0) resolvePort(port);
      else reject(new Error(`${name} reported no port`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code}; see ${join(logDir, `${name}.log`)}`));
    });
  });
  child.disconnect();
  return { child, port };
}

export async function waitUntilServing(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) throw new Error(`process for ${url} exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      return;
    } catch {
      if (Date.now() - start > timeoutMs) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export interface UpstreamProcess {
  origin: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startUpstream(logDir: string, chunks: number, intervalMs: number): Promise<UpstreamProcess> {
  const { child, port } = await startTsEntry("bench/fake-upstream.ts", ["--chunks", String(chunks), "--interval", String(intervalMs)], logDir, "upstream");
  return { origin: `http://127.0.0.1:${port}`, child, stop: () => stopChild(child) };
}

export function directTarget(upstream: UpstreamProcess): Target {
  return { name: "direct", origin: upstream.origin, path: "/v1/chat/completions", headers: {}, pid: upstream.child.pid ?? 0, stop: async () => {} };
}

export function profileArgs(dir: string | undefined, name: string): string[] {
  // One folder per process: a tsx child also profiles its loader thread, under another file name.
  return dir ? ["--cpu-prof", `--cpu-prof-dir=${join(dir, name)}`] : [];
}

export async function startForwarder(upstream: UpstreamProcess, logDir: string, cpuProfileDir?: string): Promise<Target> {
  const { child, port } = await startTsEntry("bench/minimal-forwarder.ts", ["--upstream", upstream.origin], logDir, "forwarder", profileArgs(cpuProfileDir, "forwarder"));
  return { name: "forwarder", origin: `http://127.0.0.1:${port}`, path: "/v1/chat/completions", headers: {}, pid: child.pid ?? 0, stop: () => stopChild(child) };
}

export interface MoatTargetOptions {
  name: string;
  /** One route with prefix "/" in this mode; or "default" for the shipped two-route layout. */
  mode: MoatMode | "default";
  upstream: UpstreamProcess;
  workDir: string;
  /** A trained Tier 2 model for the agent (tier2.model_path). */
  hbfw?: string;
  /** Write a V8 CPU profile into this folder when the process exits. */
  cpuProfileDir?: string;
  /** The Moat build to run (see buildMoat). */
  build: MoatBuild;
}

/** How to launch `moat serve` from one copy of the project. */
export interface MoatBuild {
  root: string;
  /** Node arguments that run the CLI. */
  cli: string[];
  production: boolean;
}

/**
 * Compiles a copy of the project the way the Dockerfile and `npm start` do (tsc, then
 * `node dist/cli.js`, NODE_ENV=production) into its own folder, so what is measured is the
 * shipped JavaScript (a tsx child would also carry tsx's loader thread in its memory).
 * node_modules and models/ are linked beside it, where the compiled code looks for them.
 */
export function buildMoat(root: string, outDir: string): MoatBuild {
  mkdirSync(outDir, { recursive: true });
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const built = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", join(outDir, "dist"), "--declaration", "false", "--sourceMap", "false"], { encoding: "utf8" });
  const cli = join(outDir, "dist", "cli.js");
  // Type errors in work in progress elsewhere in the tree still emit JavaScript; only a missing entry point is fatal.
  if (!existsSync(cli)) throw new Error(`building Moat from ${root} failed:\n${built.stdout}${built.stderr}`);
  copyFileSync(join(root, "package.json"), join(outDir, "package.json"));
  for (const link of ["node_modules", "models"]) {
    if (!existsSync(join(outDir, link))) symlinkSync(realpathSync(join(root, link)), join(outDir, link));
  }
  return { root, cli: [...cliNodeFlags(root), cli], production: true };
}

/** Runs the TypeScript sources through tsx: no build step, for quick iterations. */
export function sourceMoat(root: string): MoatBuild {
  return { root, cli: [...cliNodeFlags(root), "--import", TSX, join(root, "src/cli.ts")], production: false };
}

/**
 * Moat through `moat serve` with the shipped agent.yaml and every setting the benchmark does not
 * need to change left at its default (request log, event store, Tier 1 built-in...): what a
 * user who only points the upstream at their provider gets.
 */
export async function startMoat(options: MoatTargetOptions): Promise<Target> {
  const dir = join(options.workDir, options.name);
  mkdirSync(dir, { recursive: true });
  const agentFile = join(dir, "agent.yaml");
  copyFileSync(join(options.build.root, "agent.yaml"), agentFile);
  if (options.hbfw) writeFileSync(agentFile, `${stringify({ tier2: { model_path: resolve(options.hbfw) } })}`, { flag: "a" });
  const routes =
    options.mode === "default"
      ? [
          { name: "support", prefix: "/support", upstream: "bench", agent: "./agent.yaml", mode: "block" },
          { name: "default", prefix: "/", upstream: "bench", agent: "./agent.yaml", mode: "log" },
        ]
      : [{ name: "bench", prefix: "/", upstream: "bench", agent: "./agent.yaml", mode: options.mode }];
  const configFile = join(dir, "proxy.config.yaml");
  writeFileSync(configFile, stringify({ upstreams: { bench: { base_url: `${options.upstream.origin}/v1` } }, routes }));
  const port = await freePort();
  const fd = logFile(options.workDir, options.name);
  const profile = profileArgs(options.cpuProfileDir, options.name);
  const child = spawn(process.execPath, [...profile, ...options.build.cli, "serve", "--config", configFile, "--port", String(port)], {
    cwd: dir,
    env: { ...childEnv(), ...(options.build.production ? { NODE_ENV: "production" } : {}) },
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(`${origin}/healthz`, 60_000, child);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { name: options.name, origin, path: options.mode === "default" ? "/support/v1/chat/completions" : "/v1/chat/completions", headers: {}, pid: child.pid ?? 0, stop: () => stopChild(child) };
}

export async function startPortkeyTarget(upstream: UpstreamProcess, logDir: string): Promise<Target> {
  const port = await freePort();
  const fd = logFile(logDir, "portkey");
  const gateway = startPortkey({ port, stdio: fd, env: childEnv() });
  closeSync(fd);
  try {
    await waitUntilServing(`http://127.0.0.1:${port}/`, 60_000, gateway.child);
  } catch (error) {
    await stopChild(gateway.child);
    throw error;
  }
  return {
    name: "portkey",
    origin: `http://127.0.0.1:${port}`,
    path: "/v1/chat/completions",
    headers: gateway.headersFor(`${upstream.origin}/v1`),
    pid: gateway.child.pid ?? 0,
    stop: () => stopChild(gateway.child),
  };
}
