/** A running Moat with the event store, an admin token and the keyword firewall, for admin tests. */
import { keywordFirewalls } from "../helpers/keyword-tier.js";
import { startTestMoat, type TestMoat } from "../helpers/moat.js";

export const ADMIN_TOKEN = "admin-token-for-tests-0123456789";

export interface AdminMoatOptions {
  events?: Record<string, unknown>;
  routes?: Record<string, unknown>[];
  env?: NodeJS.ProcessEnv;
  files?: Record<string, string>;
}

export function adminRoutes(): Record<string, unknown>[] {
  return [
    { name: "support", prefix: "/support", upstream: "fake", agent: "./agent.yaml", mode: "block" },
    { name: "audited", prefix: "/audited", upstream: "fake", agent: "./agent.yaml", mode: "block", store_passes: true },
    { name: "default", prefix: "/", upstream: "fake", agent: "./agent.yaml", mode: "log" },
  ];
}

export function startAdminMoat(upstreamBaseUrl: string, options: AdminMoatOptions = {}): Promise<TestMoat> {
  return startTestMoat({
    config: {
      listen: { host: "127.0.0.1", port: 0 },
      log: { requests: false, level: "silent" },
      events: { path: "./events.db", ...options.events },
      upstreams: { fake: { base_url: upstreamBaseUrl, timeout_ms: 5000, connect_timeout_ms: 1000 } },
      routes: options.routes ?? adminRoutes(),
    },
    createFirewall: keywordFirewalls(),
    env: options.env ?? { MOAT_ADMIN_TOKEN: ADMIN_TOKEN },
    ...(options.files ? { files: options.files } : {}),
  });
}

export async function sendChat(baseUrl: string, content: string, stream = false): Promise<Response> {
  const response = await fetch(`${baseUrl}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer sk-client" },
    body: JSON.stringify({ model: "gpt-test", messages: [{ role: "user", content }], stream }),
  });
  await response.arrayBuffer();
  return response;
}

export function bearer(token = ADMIN_TOKEN): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
