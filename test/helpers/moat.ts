/**
 * Starts Moat on 127.0.0.1 with a config written to a temp folder, for end-to-end tests.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { createLogger, type Logger } from "../../src/proxy/logger.js";
import type { ProxyObserver, RequestEvent } from "../../src/proxy/observer.js";
import { startProxy, type RunningProxy, type StartOptions } from "../../src/proxy/server.js";

export const BANKING_AGENT = {
  name: "Test Banking Agent",
  version: "1.0",
  scope: { business: "Retail banking customer support", more_info: "HIGH-STAKE" },
  intents: {
    permitted: ["Provide account balance", "Block lost cards"],
    restricted: ["Close accounts", "Approve loans"],
  },
  settings: { timeout: 5, mode: "block", session_window: 5, tier2_min_turns: 3, temperature: 0 },
};

export interface TestMoat {
  proxy: RunningProxy;
  url: string;
  dir: string;
  configFile: string;
  events: RequestEvent[];
  logs: string[];
  /** Base URL for an OpenAI client on a route prefix, e.g. baseUrl("/support"). */
  baseUrl(prefix: string): string;
  close(): Promise<void>;
}

export interface TestMoatOptions extends Partial<Omit<StartOptions, "config">> {
  /** proxy.config.yaml content; `agent: AGENT` in routes points at the written agent file. */
  config: Record<string, unknown>;
  agent?: Record<string, unknown>;
  /** Extra files to write beside the config (name -> content). */
  files?: Record<string, string>;
}

export function writeConfigDir(config: Record<string, unknown>, agent: Record<string, unknown> = BANKING_AGENT, files: Record<string, string> = {}): { dir: string; configFile: string } {
  const dir = mkdtempSync(join(tmpdir(), "moat-test-"));
  writeFileSync(join(dir, "agent.yaml"), stringify(agent));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const configFile = join(dir, "proxy.config.yaml");
  writeFileSync(configFile, stringify(config));
  return { dir, configFile };
}

export async function startTestMoat(options: TestMoatOptions): Promise<TestMoat> {
  const { dir, configFile } = writeConfigDir(options.config, options.agent, options.files);
  const events: RequestEvent[] = [];
  const logs: string[] = [];
  const collector: ProxyObserver = { record: (e) => events.push(e) };
  const logger: Logger = options.logger ?? createLogger("info", (line) => logs.push(line));
  const { config: _config, agent: _agent, files: _files, ...rest } = options;
  const proxy = await startProxy({ ...rest, config: configFile, host: "127.0.0.1", port: 0, logger, observers: [collector, ...(options.observers ?? [])] });
  return {
    proxy,
    url: proxy.url,
    dir,
    configFile,
    events,
    logs,
    baseUrl: (prefix) => `${proxy.url}${prefix === "/" ? "" : prefix}/v1`,
    async close() {
      await proxy.close(2000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Two routes on one upstream: /support in block mode, / in log mode (the shipped layout). */
export function twoRouteConfig(upstreamBaseUrl: string, overrides: { support?: Record<string, unknown>; fallback?: Record<string, unknown>; top?: Record<string, unknown> } = {}): Record<string, unknown> {
  return {
    listen: { host: "127.0.0.1", port: 0 },
    events: { enabled: false },
    upstreams: { fake: { base_url: upstreamBaseUrl, timeout_ms: 5000, connect_timeout_ms: 1000 } },
    routes: [
      { name: "support", prefix: "/support", upstream: "fake", agent: "./agent.yaml", mode: "block", on_review: "block", fail: "closed", ...overrides.support },
      { name: "default", prefix: "/", upstream: "fake", agent: "./agent.yaml", mode: "log", ...overrides.fallback },
    ],
    ...overrides.top,
  };
}

/** Waits until `check` is true (events recorded after the response, log-mode evaluation...). */
export async function waitFor(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
