/**
 * CPU cost of the work block mode adds to a request, in process, per step: reading the body
 * (parseChatRequest: JSON.parse + zod), Tier 0 alone (the cascade with no further tier), and
 * the shipped cascade (Tier 0 + the built-in Tier 1, no judge) on the benchmark's workloads,
 * each evaluation on a request of its own (as in `npm run bench`).
 * A breakdown that does not depend on sockets, so it is stable on a busy machine.
 * `tsx bench/eval-cost.ts [--iterations N]`
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseConversation } from "../src/firewall/conversation.js";
import { Firewall } from "../src/firewall/firewall.js";
import { loadBuiltinDetector } from "../src/firewall/tier1/builtin/index.js";
import { DEFAULT_SCORE_CACHE_ENTRIES } from "../src/firewall/tier1/score-cache.js";
import type { ChatMessage } from "../src/firewall/types.js";
import { parseChatRequest } from "../src/proxy/chat-request.js";
import { percentile } from "./stats.js";
import { ROOT } from "./targets.js";
import { workloads } from "./workloads.js";

interface Timing {
  mean: number;
  p50: number;
  p99: number;
}

async function time(iterations: number, fn: () => unknown): Promise<Timing> {
  for (let i = 0; i < Math.min(2000, iterations); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await fn();
    samples.push((performance.now() - t) * 1000);
  }
  return { mean: samples.reduce((a, b) => a + b, 0) / samples.length, p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

function us(t: Timing): string {
  return `${t.mean.toFixed(1)} / ${t.p50.toFixed(1)} / ${t.p99.toFixed(1)}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { iterations: { type: "string", default: "20000" } } });
  const iterations = Number(values.iterations);
  const agentFile = join(ROOT, "agent.yaml");
  const shipped = await Firewall.fromConfig(agentFile, { judge: "none" });
  const tier0 = await Firewall.fromConfig(agentFile, { judge: "none", tiers: [] });
  const model = loadBuiltinDetector();
  const rows: string[] = [];
  for (const w of workloads()) {
    const messages = parseChatRequest(w.json).messages as ChatMessage[];
    const verdict = await shipped.evaluate(messages);
    // Distinct requests, twice as many as Tier 1's score cache holds, so that the figures are
    // those of new prompts (and, for the agent workload, of tool loops), not of cache hits.
    const pool = Array.from({ length: 2 * DEFAULT_SCORE_CACHE_ENTRIES }, () => parseChatRequest(w.next(false)).messages as ChatMessage[]);
    const next = (): ChatMessage[] => pool[taken++ % pool.length] as ChatMessage[];
    let taken = 0;
    const parse = await time(iterations, () => parseChatRequest(w.json));
    const t0 = await time(iterations, () => tier0.evaluate(next()));
    taken = 0;
    const full = await time(iterations, () => shipped.evaluate(next()));
    // The built-in model alone on the text Tier 1 scores, without the ensemble around it.
    const { detectionPrompt } = parseConversation(messages, { sessionWindow: shipped.agent.settings.session_window }).conversation;
    const score = await time(iterations, () => model.score(detectionPrompt, "prompt"));
    rows.push(`| ${w.name} | ${w.json.length} | ${detectionPrompt.length} | ${us(parse)} | ${us(t0)} | ${us(score)} | ${us(full)} | ${verdict.verdict} (tier ${verdict.tier}) |`);
  }
  process.stdout.write(
    [
      `## In-process cost of block mode's work (µs: mean / p50 / p99; ${iterations} iterations after warm-up; ${process.version})`,
      "",
      `Tiers of the shipped agent.yaml: ${shipped.tiers.map((t) => `${t.tier} ${t.name}`).join(", ") || "none beyond Tier 0"}`,
      "",
      "| workload | body bytes | chars scored | parse body (JSON + zod) | Tier 0 cascade | built-in model score alone | Tier 0 + shipped tiers | verdict |",
      "| --- | --- | --- | --- | --- | --- | --- | --- |",
      ...rows,
      "",
    ].join("\n"),
  );
  await shipped.close();
  await tier0.close();
}

void main();
