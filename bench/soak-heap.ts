/**
 * `npm run bench:soak-heap`: the question the soak's RSS column cannot answer (RSS follows the
 * garbage collector's sawtooth and rarely shrinks): does Moat keep anything per request? Moat
 * runs in this process with the soak's routes, the built-in detector and the event store; the
 * soak's request mix is sent in rounds, and after each round the heap is measured after a forced
 * full GC. A leak shows as heap growing with every round.
 *
 *   npm run bench:soak-heap -- [--rounds 6] [--per-round 8000]
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Pool } from "undici";
import { stringify } from "yaml";
import { createLogger } from "../src/proxy/logger.js";
import { startProxy } from "../src/proxy/server.js";
import { createFakeUpstream } from "./fake-upstream.js";
import { mixRequest, SOAK_ROUTES } from "./soak-mix.js";
import { ROOT } from "./targets.js";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  process.stderr.write("run with node --expose-gc (npm run bench:soak-heap does)\n");
  process.exit(2);
}

const { values } = parseArgs({ options: { rounds: { type: "string", default: "6" }, "per-round": { type: "string", default: "8000" } } });
const rounds = Number(values.rounds);
const perRound = Number(values["per-round"]);
const CLIENTS = 32;

const dir = mkdtempSync(join(tmpdir(), "moat-soak-heap-"));
const upstream = createFakeUpstream({ chunks: 5, intervalMs: 0 });
await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
const upstreamPort = (upstream.address() as AddressInfo).port;
const configFile = join(dir, "proxy.config.yaml");
writeFileSync(
  configFile,
  stringify({
    upstreams: { bench: { base_url: `http://127.0.0.1:${upstreamPort}/v1` } },
    events: { path: "./events.db" },
    log: { requests: false, level: "warn" },
    routes: SOAK_ROUTES.map((r) => ({ ...r, upstream: "bench", agent: join(ROOT, "agent.yaml") })),
  }),
);
const proxy = await startProxy({ config: configFile, host: "127.0.0.1", port: 0, logger: createLogger("warn", (line) => process.stderr.write(line)) });
const pool = new Pool(proxy.url, { connections: CLIENTS });

let sent = 0;
let failures = 0;
const rows: string[] = ["| after requests | heap used after GC MB | RSS MB |", "|---:|---:|---:|"];
const heaps: number[] = [];
for (let round = 0; round < rounds; round++) {
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = 0; i < perRound / CLIENTS; i++) {
        const r = mixRequest(sent++);
        try {
          const res = await pool.request({ method: r.method, path: r.path, headers: r.body ? { "content-type": "application/json" } : {}, body: r.body ?? null });
          await res.body.dump();
          if (res.statusCode >= 400) failures++;
        } catch {
          failures++;
        }
      }
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  gc();
  gc();
  const memory = process.memoryUsage();
  heaps.push(memory.heapUsed / 1e6);
  rows.push(`| ${sent} | ${(memory.heapUsed / 1e6).toFixed(1)} | ${(memory.rss / 1e6).toFixed(0)} |`);
}
await pool.close();
await proxy.close();
await new Promise<void>((resolve) => upstream.close(() => resolve()));
rmSync(dir, { recursive: true, force: true });

const first = heaps[1] ?? heaps[0] ?? Number.NaN;
const last = heaps.at(-1) ?? Number.NaN;
process.stdout.write(
  `${rows.join("\n")}\n\nHeap after GC from round 2 to round ${rounds}: ${first.toFixed(1)} -> ${last.toFixed(1)} MB (${(((last - first) * 1e6) / Math.max(1, sent - perRound * 2)).toFixed(1)} bytes per request); ${failures} failed requests.\n`,
);
