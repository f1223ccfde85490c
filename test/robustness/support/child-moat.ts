/**
 * `moat serve` as a child process, the way an operator runs it: for signals (SIGHUP reload,
 * SIGTERM shutdown) that only a real process can receive. Its JSON log lines are parsed as they
 * arrive so tests can wait for a given message.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../../..");

export interface LogLine {
  level?: string;
  msg?: string;
  [key: string]: unknown;
}

export interface ChildMoat {
  process: ChildProcess;
  url: string;
  port: number;
  lines: LogLine[];
  stderr: string;
  /** Resolves with the first log line (already seen or still to come) that matches. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
}

/** The environment without any judge or provider variables, so the child's tiers are predictable. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(MOAT_|HUMANBOUND_FIREWALL_|HB_FIREWALL_|OPENAI_|AZURE_OPENAI_|ANTHROPIC_|GEMINI_|GOOGLE_API)/.test(name)) continue;
    if (name.startsWith("VITEST") || name === "NODE_OPTIONS") continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

export async function spawnMoat(configFile: string, env: Record<string, string> = {}, startTimeoutMs = 30_000): Promise<ChildMoat> {
  const child = spawn(process.execPath, ["--import", "tsx", resolve(ROOT, "src/cli.ts"), "serve", "--config", configFile, "--port", "0", "--host", "127.0.0.1"], {
    cwd: ROOT,
    env: cleanEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: LogLine[] = [];
  const waiters: { match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  let pending = "";
  child.stdout?.setEncoding("utf8");
  child.stdout?.on("data", (text: string) => {
    pending += text;
    let nl: number;
    while ((nl = pending.indexOf("\n")) !== -1) {
      const raw = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      let line: LogLine;
      try {
        line = JSON.parse(raw) as LogLine;
      } catch {
        line = { msg: raw };
      }
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.match(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  const moat: ChildMoat = {
    process: child,
    url: "",
    port: 0,
    lines,
    stderr: "",
    exited: new Promise((resolveExit) => child.once("exit", (code, signal) => resolveExit({ code, signal }))),
    waitForLog(match, timeoutMs = 15_000) {
      const seen = lines.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolveLine, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching log line within ${timeoutMs} ms; stderr: ${moat.stderr}; last lines: ${JSON.stringify(lines.slice(-5))}`)), timeoutMs);
        waiters.push({
          match,
          resolve: (line) => {
            clearTimeout(timer);
            resolveLine(line);
          },
        });
        void moat.exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`moat exited; stderr: ${moat.stderr}; last lines: ${JSON.stringify(lines.slice(-5))}`));
        });
      });
    },
    kill(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (text: string) => (moat.stderr += text));
  try {
    const listening = await moat.waitForLog((l) => l.msg === "moat listening", startTimeoutMs);
    moat.url = String(listening.url);
    moat.port = Number(new URL(moat.url).port);
  } catch (error) {
    moat.kill("SIGKILL");
    throw error;
  }
  return moat;
}
