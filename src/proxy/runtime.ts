/**
 * Everything a running proxy needs for one configuration: the compiled route table, a firewall
 * per agent file, and a connection pool per upstream. A config reload builds a new runtime and
 * swaps it in; requests in flight keep the one they started with.
 */
import type { LoadedProxyConfig, ProxyConfig, RouteConfig } from "../config/proxy-config.js";
import type { Mode } from "../firewall/config/agent.js";
import { Firewall, type FirewallOptions } from "../firewall/firewall.js";
import { UpstreamClient } from "../upstream/client.js";
import { sortByPrefixLength } from "./paths.js";

export interface CompiledRoute {
  name: string;
  prefix: string;
  mode: Mode;
  config: RouteConfig;
  firewall: Firewall;
  upstream: UpstreamClient;
}

export interface ProxyRuntime {
  config: ProxyConfig;
  file: string;
  routes: CompiledRoute[];
  firewalls: Firewall[];
  upstreams: Map<string, UpstreamClient>;
  /** Start-up notices from the firewalls (no judge configured, ...). */
  notices: string[];
  /** A request starts or stops using this runtime; a retired runtime closes after the last one. */
  hold(): void;
  release(): void;
  /** Resolves once no request holds the runtime (at once when none does). */
  whenIdle(): Promise<void>;
  /** Closes firewalls and upstream pools; safe to call more than once. */
  close(): Promise<void>;
}

export type FirewallFactory = (agentFile: string, options: FirewallOptions) => Promise<Firewall>;

export async function createRuntime(
  loaded: LoadedProxyConfig,
  options: { firewallOptions?: FirewallOptions; createFirewall?: FirewallFactory } = {},
): Promise<ProxyRuntime> {
  const { config } = loaded;
  const createFirewall = options.createFirewall ?? ((file, opts) => Firewall.fromConfig(file, opts));
  const firewallsByAgent = new Map<string, Promise<Firewall>>();
  const upstreams = new Map<string, UpstreamClient>();
  for (const [name, upstream] of Object.entries(config.upstreams)) upstreams.set(name, new UpstreamClient(name, upstream));

  try {
    const routes: CompiledRoute[] = [];
    for (const route of config.routes) {
      let firewall = firewallsByAgent.get(route.agent);
      if (!firewall) {
        firewall = createFirewall(route.agent, options.firewallOptions ?? {});
        firewallsByAgent.set(route.agent, firewall);
      }
      const fw = await firewall;
      const upstream = upstreams.get(route.upstream);
      if (!upstream) throw new Error(`route ${route.name}: unknown upstream ${route.upstream}`);
      routes.push({ name: route.name, prefix: route.prefix, mode: route.mode ?? fw.agent.settings.mode, config: route, firewall: fw, upstream });
    }
    const firewalls = await Promise.all(firewallsByAgent.values());
    const notices = [...new Set(firewalls.flatMap((f) => f.notices))];
    let active = 0;
    let idleWaiters: (() => void)[] = [];
    let closing: Promise<void> | undefined;
    return {
      config,
      file: loaded.file,
      routes: sortByPrefixLength(routes),
      firewalls,
      upstreams,
      notices,
      hold() {
        active++;
      },
      release() {
        active = Math.max(0, active - 1);
        if (active > 0) return;
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const wake of waiters) wake();
      },
      whenIdle() {
        return active === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve));
      },
      close() {
        closing ??= Promise.allSettled([...firewalls.map((f) => f.close()), ...[...upstreams.values()].map((u) => u.close())]).then(() => undefined);
        return closing;
      },
    };
  } catch (error) {
    await Promise.allSettled([...upstreams.values()].map((u) => u.close()));
    const built = await Promise.allSettled(firewallsByAgent.values());
    await Promise.allSettled(built.map((b) => (b.status === "fulfilled" ? b.value.close() : undefined)));
    throw error;
  }
}
