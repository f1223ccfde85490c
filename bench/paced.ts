/**
 * Open-loop load at a fixed rate, for latency below saturation. autocannon's rate limit is a
 * per-second quota per connection (requests go out back to back until the quota is used, then
 * the connection waits for the next second), so its "fixed rate" is bursts at saturation. Here
 * requests are sent on a schedule, one every 1/rate seconds, whatever earlier ones are doing,
 * over an undici Pool with enough keep-alive connections that none waits for a socket.
 *
 * Latency is measured from the moment the request is handed to the client to the end of the
 * response (JSON) or to the first body chunk (streams: time to first chunk), in float ms.
 */
import { Pool } from "undici";
import { UPSTREAM_MARK } from "./fake-upstream.js";

export interface PacedOptions {
  path: string;
  headers: Record<string, string>;
  /** One body for every request, or a function that gives each request its own. */
  body: Buffer | (() => Buffer);
  rate: number;
  durationMs: number;
  /** Measure time to the first body chunk instead of the whole response. */
  firstChunk: boolean;
}

export interface PacedResult {
  /** One value per successful (2xx) response, ms. */
  latencies: number[];
  sent: number;
  errors: number;
  non2xx: number;
  /** 2xx answers the upstream did not produce (a refusal by the firewall). */
  notForwarded: number;
  /** How late the scheduler sent requests (ms, worst case): the generator's own noise. */
  maxLagMs: number;
  elapsedMs: number;
}

/** A client for one target; reuse it from the warm-up into the measured run so no connect is timed. */
export function pacedClient(origin: string, connections = 128): Pool {
  return new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
}

export async function paced(pool: Pool, options: PacedOptions): Promise<PacedResult> {
  const headers = { ...options.headers, "content-type": "application/json" };
  const result: PacedResult = { latencies: [], sent: 0, errors: 0, non2xx: 0, notForwarded: 0, maxLagMs: 0, elapsedMs: 0 };
  const interval = 1000 / options.rate;
  const total = Math.max(1, Math.round((options.durationMs / 1000) * options.rate));
  const inflight = new Set<Promise<void>>();

  const nextBody = typeof options.body === "function" ? options.body : () => options.body as Buffer;

  const one = async (): Promise<void> => {
    const body = nextBody();
    const start = performance.now();
    try {
      const res = await pool.request({ method: "POST", path: options.path, headers, body });
      let first = 0;
      for await (const _chunk of res.body) {
        if (first === 0) first = performance.now();
      }
      const end = performance.now();
      if (res.statusCode < 200 || res.statusCode >= 300) {
        result.non2xx++;
        return;
      }
      if (res.headers[UPSTREAM_MARK] === undefined) result.notForwarded++;
      result.latencies.push((options.firstChunk ? first || end : end) - start);
    } catch {
      result.errors++;
    }
  };

  const began = performance.now();
  await new Promise<void>((done) => {
    const tick = (): void => {
      const now = performance.now();
      while (result.sent < total && began + result.sent * interval <= now) {
        result.maxLagMs = Math.max(result.maxLagMs, now - (began + result.sent * interval));
        result.sent++;
        const p = one();
        inflight.add(p);
        void p.finally(() => inflight.delete(p));
      }
      if (result.sent >= total) {
        done();
        return;
      }
      setTimeout(tick, Math.max(0, began + result.sent * interval - performance.now()));
    };
    tick();
  });
  await Promise.all(inflight);
  result.elapsedMs = performance.now() - began;
  return result;
}
