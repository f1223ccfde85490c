/**
 * Throughput at saturation: autocannon with a fixed number of connections (10, as in the issue),
 * each sending its next request as soon as the previous answer is complete.
 */
import { createRequire } from "node:module";
import { z } from "zod";

const require = createRequire(import.meta.url);

interface AutocannonRequest {
  method: "POST";
  headers: Record<string, string>;
  body: Buffer;
}

interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  method: "POST";
  headers: Record<string, string>;
  body: Buffer;
  /** With setupRequest, autocannon builds each request anew from what it returns. */
  requests?: Array<{ setupRequest: (request: AutocannonRequest) => AutocannonRequest }>;
}
type Autocannon = (options: AutocannonOptions) => Promise<unknown>;
const autocannon = require("autocannon") as Autocannon;

// Only the fields the benchmark reads; autocannon has no type declarations.
const resultSchema = z.object({
  requests: z.object({ average: z.number(), total: z.number() }),
  latency: z.object({ p50: z.number(), p99: z.number() }),
  errors: z.number(),
  timeouts: z.number(),
  non2xx: z.number(),
  duration: z.number(),
});

export interface SaturationOptions {
  origin: string;
  path: string;
  headers: Record<string, string>;
  /** One body for every request, or a function that gives each request its own. */
  body: Buffer | (() => Buffer);
  connections: number;
  durationS: number;
}

export interface SaturationResult {
  /** Completed 2xx and non-2xx requests per second over the run. */
  rps: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** autocannon's own latency percentiles (whole ms): the queueing latency at saturation. */
  p50: number;
  p99: number;
}

export async function saturate(options: SaturationOptions): Promise<SaturationResult> {
  const next = options.body;
  const raw = await autocannon({
    url: `${options.origin}${options.path}`,
    connections: options.connections,
    duration: options.durationS,
    method: "POST",
    headers: { ...options.headers, "content-type": "application/json" },
    body: typeof next === "function" ? next() : next,
    ...(typeof next === "function" ? { requests: [{ setupRequest: (request: AutocannonRequest) => ({ ...request, body: next() }) }] } : {}),
  });
  const r = resultSchema.parse(raw);
  return { rps: r.requests.total / r.duration, requests: r.requests.total, errors: r.errors + r.timeouts, non2xx: r.non2xx, p50: r.latency.p50, p99: r.latency.p99 };
}
