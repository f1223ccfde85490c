/**
 * Tier 3 latency: how much the firewall adds to the judge's own time-to-first-token.
 *
 * A fake judge on 127.0.0.1 answers every request with its verdict letter after a fixed delay
 * (default 50 ms), then streams a reason. We time, per request:
 *   - baseline: a bare fetch reading the SSE body until the letter's chunk (HTTP + timer floor);
 *   - the judge tier's evaluate() until it returns the verdict;
 *   - Firewall.evaluate() (parsing, Tier 0, the judge) until the verdict;
 *   - a cache hit (no request at all).
 * "added" is the time to the verdict minus the delay; "after letter" is the verdict time minus
 * the moment the fake judge wrote the letter (same process, same clock), which leaves out the
 * timer's own overshoot. Target: under 5 ms added at p50.
 *
 *   npm run bench:judge -- [--delay 50] [--n 200]
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { agentConfigFromObject } from "../src/firewall/config/agent.js";
import { Firewall } from "../src/firewall/firewall.js";
import { buildJudge } from "../src/firewall/tier3/index.js";
import { parseConversation } from "../src/firewall/conversation.js";

const { values } = parseArgs({ options: { delay: { type: "string", default: "50" }, n: { type: "string", default: "200" } } });
const DELAY_MS = Number(values.delay);
const N = Number(values.n);
const WARMUP = 20;

const AGENT = {
  name: "Customer Support Agent",
  scope: { business: "Retail banking customer support", more_info: "HIGH-STAKE: handles financial transactions and personal data" },
  intents: {
    permitted: ["Provide account balance and recent transaction information", "Block lost cards and order replacements", "Answer questions about banking policies"],
    restricted: ["Close or suspend accounts", "Approve loans or credit applications"],
  },
  settings: { timeout: 5, mode: "block", session_window: 5, tier2_min_turns: 3, temperature: 0 },
};

function chunk(content: string | null, finish: string | null = null): string {
  return `data: ${JSON.stringify({ id: "b", object: "chat.completion.chunk", created: 1, model: "fake", choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }] })}\n\n`;
}

/** When the fake judge wrote the letter of the request it answered last. */
let letterWrittenAt = 0;

async function startFakeJudge(): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server = createServer((req, res: ServerResponse) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(chunk(""));
      setTimeout(() => {
        letterWrittenAt = performance.now();
        res.write(chunk("P"));
        setTimeout(() => {
          if (res.destroyed) return;
          res.write(chunk(" The user asks about their balance, which is in scope."));
          res.write(chunk(null, "stop"));
          res.end("data: [DONE]\n\n");
        }, 5);
      }, DELAY_MS);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Sample {
  added: number;
  afterLetter: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

async function measure(label: string, run: (i: number) => Promise<void>, subtractDelay = true): Promise<{ label: string; samples: Sample[] }> {
  for (let i = 0; i < WARMUP; i++) await run(-1 - i);
  const samples: Sample[] = [];
  for (let i = 0; i < N; i++) {
    letterWrittenAt = 0;
    const start = performance.now();
    await run(i);
    const end = performance.now();
    samples.push({ added: end - start - (subtractDelay ? DELAY_MS : 0), afterLetter: letterWrittenAt ? end - letterWrittenAt : Number.NaN });
  }
  return { label, samples };
}

async function main(): Promise<void> {
  const fake = await startFakeJudge();
  const agent = agentConfigFromObject(AGENT, process.cwd(), {});
  const judgeOption = { provider: "openai-compatible" as const, base_url: fake.baseUrl, model: "fake-judge", cache: { max_entries: 0 } };
  const built = await buildJudge(agent, { judge: judgeOption, env: {} });
  const cachedBuilt = await buildJudge(agent, { judge: { ...judgeOption, cache: { max_entries: 100, ttl_seconds: 600 } }, env: {} });
  if (!built.tier || !cachedBuilt.tier) throw new Error("judge not built");
  const tier = built.tier;
  const firewall = Firewall.withTiers(AGENT, [tier]);
  const signal = new AbortController().signal;
  const prompt = (i: number) => `What is the balance of my savings account number ${i}? I want to check before the transfer.`;
  const body = (i: number) => JSON.stringify({ model: "fake-judge", stream: true, temperature: 0, messages: [{ role: "user", content: prompt(i) }] });

  const rows = [];
  rows.push(
    await measure("baseline: fetch to the letter's chunk", async (i) => {
      const res = await fetch(`${fake.baseUrl}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: body(i) });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
        if (text.includes('"content":"P"')) break;
      }
      await reader.cancel();
    }),
  );
  rows.push(
    await measure("judge tier: evaluate() to verdict", async (i) => {
      const outcome = await tier.evaluate(parseConversation(prompt(i), { sessionWindow: 5 }).conversation, signal);
      if (outcome.decision !== "pass") throw new Error(`unexpected ${outcome.decision}: ${outcome.explanation}`);
    }),
  );
  rows.push(
    await measure("Firewall.evaluate() (Tier 0 + judge)", async (i) => {
      const result = await firewall.evaluate([
        { role: "system", content: "You are a helpful banking assistant." },
        { role: "user", content: "hi" },
        { role: "assistant", content: "Hello! How can I help?" },
        { role: "user", content: prompt(i) },
      ]);
      if (result.verdict !== "pass") throw new Error(`unexpected ${result.verdict}: ${result.explanation}`);
    }),
  );
  const cached = parseConversation(prompt(0), { sessionWindow: 5 }).conversation;
  await cachedBuilt.tier.evaluate(cached, signal);
  rows.push(
    await measure(
      "cache hit: evaluate() (no request)",
      async () => {
        const outcome = await cachedBuilt.tier!.evaluate(cached, signal);
        if (outcome.details?.["cached"] !== true) throw new Error("expected a cache hit");
      },
      false,
    ),
  );

  await tier.close();
  await cachedBuilt.tier.close();
  await fake.close();

  const baselineP50 = percentile(rows[0]!.samples.map((s) => s.added).sort((a, b) => a - b), 50);
  const fmt = (ms: number) => (Number.isNaN(ms) ? "-" : ms.toFixed(2));
  const lines = [
    `Tier 3 judge latency: fake judge on 127.0.0.1, first token after ${DELAY_MS} ms, ${N} sequential requests (+${WARMUP} warm-up), Node ${process.version}`,
    "",
    "| path | added p50 (ms) | added p90 | added p99 | after letter p50 | after letter p99 | p50 over baseline |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const row of rows) {
    const added = row.samples.map((s) => s.added).sort((a, b) => a - b);
    const after = row.samples.map((s) => s.afterLetter).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
    const p50 = percentile(added, 50);
    const isCache = row.label.startsWith("cache");
    lines.push(
      `| ${row.label} | ${fmt(p50)} | ${fmt(percentile(added, 90))} | ${fmt(percentile(added, 99))} | ${fmt(percentile(after, 50))} | ${fmt(percentile(after, 99))} | ${isCache || row === rows[0] ? "-" : `${p50 >= baselineP50 ? "+" : ""}${fmt(p50 - baselineP50)}`} |`,
    );
  }
  const judgeP50 = percentile(rows[1]!.samples.map((s) => s.added).sort((a, b) => a - b), 50);
  const firewallP50 = percentile(rows[2]!.samples.map((s) => s.added).sort((a, b) => a - b), 50);
  lines.push("");
  lines.push(`"added" = time to verdict minus the ${DELAY_MS} ms delay (cache hit: the whole call). Target: under 5 ms at p50.`);
  lines.push(`judge tier p50 added: ${fmt(judgeP50)} ms; Firewall p50 added: ${fmt(firewallP50)} ms -> ${firewallP50 < 5 ? "MEETS" : "MISSES"} the 5 ms target`);
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
