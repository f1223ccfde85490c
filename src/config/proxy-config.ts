/**
 * proxy.config.yaml: where the proxy listens, which upstreams it knows, and the ordered routes
 * that map a path prefix to an upstream, an agent.yaml and a mode. Relative paths resolve against
 * the config file's folder.
 */
import { existsSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { modeSchema } from "../firewall/config/agent.js";
import { ConfigError } from "../firewall/config/errors.js";
import { loadYamlFile } from "../firewall/config/yaml-file.js";

export const DEFAULT_REFUSAL = "Sorry, I can't help with that request.";
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
export const DEFAULT_EVALUATION_TIMEOUT_MS = 30_000;
/** Node's own default: a client that has not sent its whole request after this gets 408. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 300_000;
/**
 * Silence allowed from an upstream: the official OpenAI clients' own timeout (10 minutes). A
 * shorter one answers a slow completion with a 504, which those clients retry, so the upstream
 * is asked (and bills) up to three times for one call.
 */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 600_000;

const upstreamSchema = z
  .object({
    base_url: z.url({ protocol: /^https?$/, error: "expected an http(s) URL such as https://api.openai.com/v1" }),
    api_key: z.string().min(1).optional(),
    headers: z.record(z.string(), z.string()).default({}),
    timeout_ms: z.number().int().positive().default(DEFAULT_UPSTREAM_TIMEOUT_MS),
    connect_timeout_ms: z.number().int().positive().default(10_000),
    connections: z.number().int().positive().max(4096).default(256),
  })
  .strict();

const prefixSchema = z
  .string()
  .regex(/^\/[A-Za-z0-9._~\-/]*$/, "expected a path prefix such as /support or /")
  .refine((p) => !p.split("/").some((seg) => seg === "." || seg === ".."), "dot segments are not allowed in a prefix")
  .refine((p) => !p.includes("//"), "empty path segments are not allowed in a prefix")
  .refine((p) => p === "/" || !/^\/(_moat|healthz|metrics)(\/|$)/.test(p), "this prefix is reserved for the proxy's own paths")
  .transform((p) => (p.length > 1 && p.endsWith("/") ? p.slice(0, -1) : p));

const routeSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_.-]+$/, "expected a name of letters, digits, '.', '_' or '-'"),
    prefix: prefixSchema,
    upstream: z.string().min(1),
    agent: z.string().min(1),
    mode: modeSchema.optional(),
    on_review: z.enum(["block", "pass"]).default("block"),
    fail: z.enum(["open", "closed"]).default("closed"),
    refusal: z
      .object({
        style: z.enum(["completion", "error"]).default("completion"),
        message: z.string().min(1).default(DEFAULT_REFUSAL),
      })
      .strict()
      .default({ style: "completion", message: DEFAULT_REFUSAL }),
    /** Forward the sanitized request (Tier 0 output) or the client's original bytes. */
    forward: z.enum(["sanitized", "original"]).default("sanitized"),
    /** Verdict headers (x-moat-verdict, -category, -tier) on responses; off by default. */
    diagnostics: z.boolean().default(false),
    /** Store passed events too, not only flagged ones. */
    store_passes: z.boolean().default(false),
  })
  .strict();

const eventsSchema = z
  .object({
    path: z.string().default("./.moat/events.db"),
    enabled: z.boolean().default(true),
    store_prompts: z.boolean().default(true),
    prompt_excerpt_chars: z.number().int().min(0).max(100_000).default(500),
    retention_days: z.number().positive().default(30),
    max_rows: z.number().int().positive().default(1_000_000),
    jsonl: z.string().optional(),
  })
  .strict();

export const proxyConfigSchema = z
  .object({
    listen: z
      .object({
        host: z.string().min(1).default("127.0.0.1"),
        port: z.number().int().min(0).max(65535).default(8787),
      })
      .strict()
      .default({ host: "127.0.0.1", port: 8787 }),
    limits: z
      .object({
        max_body_bytes: z.number().int().positive().default(DEFAULT_MAX_BODY_BYTES),
        /** The whole cascade's bound, beyond each tier's own timeout: a hung tier fails per the route's policy. */
        evaluation_timeout_ms: z.number().int().positive().max(600_000).default(DEFAULT_EVALUATION_TIMEOUT_MS),
        /** Longest a client may take to send its whole request (not the answer); 0 turns the limit off. */
        request_timeout_ms: z.number().int().min(0).default(DEFAULT_REQUEST_TIMEOUT_MS),
      })
      .strict()
      .default({ max_body_bytes: DEFAULT_MAX_BODY_BYTES, evaluation_timeout_ms: DEFAULT_EVALUATION_TIMEOUT_MS, request_timeout_ms: DEFAULT_REQUEST_TIMEOUT_MS }),
    log: z
      .object({
        requests: z.boolean().default(true),
        level: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
      })
      .strict()
      .default({ requests: true, level: "info" }),
    events: eventsSchema.default(eventsSchema.parse({})),
    upstreams: z.record(z.string(), upstreamSchema).refine((u) => Object.keys(u).length > 0, "at least one upstream is required"),
    routes: z.array(routeSchema).min(1, "at least one route is required"),
  })
  .strict()
  .superRefine((config, ctx) => {
    const names = new Set<string>();
    const prefixes = new Set<string>();
    config.routes.forEach((route, i) => {
      if (!(route.upstream in config.upstreams)) {
        ctx.addIssue({
          code: "custom",
          path: ["routes", i, "upstream"],
          message: `unknown upstream "${route.upstream}"; expected one of: ${Object.keys(config.upstreams).join(", ")}`,
        });
      }
      if (names.has(route.name)) ctx.addIssue({ code: "custom", path: ["routes", i, "name"], message: `duplicate route name "${route.name}"` });
      if (prefixes.has(route.prefix)) ctx.addIssue({ code: "custom", path: ["routes", i, "prefix"], message: `duplicate prefix "${route.prefix}"` });
      names.add(route.name);
      prefixes.add(route.prefix);
    });
  });

export type ProxyConfig = z.output<typeof proxyConfigSchema>;
export type RouteConfig = ProxyConfig["routes"][number];
export type UpstreamConfig = ProxyConfig["upstreams"][string];

export interface LoadedProxyConfig {
  config: ProxyConfig;
  file: string;
  baseDir: string;
}

export function resolveFrom(baseDir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

export function loadProxyConfig(file: string, env: NodeJS.ProcessEnv = process.env): LoadedProxyConfig {
  const path = resolve(file);
  const config = loadYamlFile(path, proxyConfigSchema, env);
  const baseDir = dirname(path);
  const problems: string[] = [];
  config.routes.forEach((route, i) => {
    const agentPath = resolveFrom(baseDir, route.agent);
    if (!existsSync(agentPath)) problems.push(`routes[${i}].agent: file not found: ${agentPath}`);
    route.agent = agentPath;
  });
  if (problems.length > 0) throw new ConfigError(path, problems);
  config.events.path = resolveFrom(baseDir, config.events.path);
  if (config.events.jsonl && config.events.jsonl !== "stdout") config.events.jsonl = resolveFrom(baseDir, config.events.jsonl);
  return { config, file: path, baseDir };
}
