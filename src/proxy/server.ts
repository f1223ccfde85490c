/**
 * Starts the proxy: builds the runtime from a config, serves the Hono app on node:http, swaps
 * the runtime on reload, and shuts down gracefully (stop accepting, let requests finish).
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { loadProxyConfig, type LoadedProxyConfig } from "../config/proxy-config.js";
import type { FirewallOptions } from "../firewall/firewall.js";
import { createApp, guardedFetch, type AppOptions } from "./app.js";
import { trackConnections } from "./connections.js";
import { createLogger, type Logger } from "./logger.js";
import { combineObservers, type ProxyObserver } from "./observer.js";
import { createObservability, type Observability } from "./observability.js";
import { requestLogObserver } from "./request-log.js";
import { createRuntime, type FirewallFactory, type ProxyRuntime } from "./runtime.js";

export interface StartOptions {
  /** A proxy.config.yaml path, or an already-loaded config. */
  config: string | LoadedProxyConfig;
  /** Overrides listen.host / listen.port (port 0 picks a free port). */
  host?: string;
  port?: number;
  logger?: Logger;
  observers?: ProxyObserver[];
  firewallOptions?: FirewallOptions;
  createFirewall?: FirewallFactory;
  mount?: AppOptions["mount"];
  /** Where MOAT_ADMIN_TOKEN and MOAT_METRICS_TOKEN are read; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface RunningProxy {
  url: string;
  port: number;
  server: Server;
  logger: Logger;
  /** Event store, metrics and admin endpoints. */
  observability: Observability;
  runtime(): ProxyRuntime;
  /** Re-reads the config file; on error the old runtime keeps serving and the error is thrown. */
  reload(): Promise<void>;
  /** Stops accepting, waits for in-flight requests up to the deadline, then closes everything. */
  close(deadlineMs?: number): Promise<void>;
}

function load(config: string | LoadedProxyConfig): LoadedProxyConfig {
  return typeof config === "string" ? loadProxyConfig(config) : config;
}

export async function startProxy(options: StartOptions): Promise<RunningProxy> {
  const loaded = load(options.config);
  const logger = options.logger ?? createLogger(loaded.config.log.level);
  let runtime = await createRuntime(loaded, { firewallOptions: options.firewallOptions, createFirewall: options.createFirewall });
  for (const notice of runtime.notices) logger.info("firewall", { notice });

  const observability = createObservability(loaded, { env: options.env ?? process.env, logger, runtime: () => runtime });
  const observers = [...(loaded.config.log.requests ? [requestLogObserver(logger)] : []), ...observability.observers, ...(options.observers ?? [])];
  const observer = combineObservers(observers);
  const mount: AppOptions["mount"] = (app) => {
    observability.mount(app);
    options.mount?.(app);
  };
  const app = createApp({ runtime: () => runtime, observer, logger }, { mount });
  // requestTimeout bounds receiving the request only (a body that never finishes would hold its
  // socket forever); answers, streamed or not, are bounded by the upstream's timeouts. Node checks
  // it every connectionsCheckingInterval, so short limits need a shorter interval.
  const requestTimeout = loaded.config.limits.request_timeout_ms;
  const checkEvery = requestTimeout > 0 ? Math.max(100, Math.min(30_000, Math.floor(requestTimeout / 2))) : 30_000;
  const server = createAdaptorServer({ fetch: guardedFetch(app), serverOptions: { connectionsCheckingInterval: checkEvery } }) as Server;
  server.keepAliveTimeout = 65_000;
  // Node swaps the two when headersTimeout is the larger, so keep it within the request timeout.
  server.headersTimeout = requestTimeout > 0 ? Math.min(66_000, requestTimeout) : 66_000;
  server.requestTimeout = requestTimeout;

  const connections = trackConnections(server);

  const host = options.host ?? loaded.config.listen.host;
  const port = options.port ?? loaded.config.listen.port;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  const retired = new Set<ProxyRuntime>();
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    server,
    logger,
    observability,
    runtime: () => runtime,
    async reload() {
      const file = runtime.file;
      const next = await createRuntime(loadProxyConfig(file), { firewallOptions: options.firewallOptions, createFirewall: options.createFirewall });
      const previous = runtime;
      runtime = next;
      for (const notice of next.notices) logger.info("firewall", { notice });
      // Requests already running hold the old runtime; it closes when the last of them ends.
      retired.add(previous);
      void previous.whenIdle().then(async () => {
        await previous.close();
        retired.delete(previous);
      });
    },
    close(deadlineMs = 10_000) {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        connections.drain();
        const timer = setTimeout(() => server.closeAllConnections(), deadlineMs);
        await closed;
        clearTimeout(timer);
        await observer.close?.();
        await Promise.allSettled([runtime.close(), ...[...retired].map((r) => r.close())]);
      })();
      return closing;
    },
  };
}
