/**
 * `moat eval`: runs the firewall on one prompt, or on a JSONL dataset with a per-label summary.
 */
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { z } from "zod";
import { Firewall, type FirewallOptions } from "../firewall/firewall.js";
import type { EvalResult } from "../firewall/types.js";
import { whenReasonComplete } from "../firewall/tier3/reasons.js";
import { parseCommandArgs, UsageError } from "./args.js";

const HELP = `usage: moat eval [--agent agent.yaml] [--judge none] [--json] "<prompt>"
       moat eval [--agent agent.yaml] [--judge none] --dataset FILE.jsonl [--out results.jsonl] [--json]

Dataset lines: {"prompt": "..."} or {"messages": [...]}, optionally "label": "attack" | "benign" and "id".
--json prints the EvalResult (single prompt) or the summary as one JSON object on the last line.`;

const rowSchema = z
  .object({
    id: z.union([z.string(), z.number()]).optional(),
    label: z.enum(["attack", "benign"]).optional(),
    prompt: z.string().optional(),
    messages: z.array(z.looseObject({ role: z.string() })).min(1).optional(),
  })
  .loose()
  .refine((r) => r.prompt !== undefined || r.messages !== undefined, "expected a \"prompt\" string or a \"messages\" array");

interface LabelCounts {
  n: number;
  block: number;
  pass: number;
  review: number;
}

export interface DatasetSummary {
  total: number;
  labels: Record<string, LabelCounts>;
  latency_ms: { p50: number; p99: number };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[index] ?? 0) * 1000) / 1000;
}

export function summarize(results: { label: string; result: EvalResult }[]): DatasetSummary {
  const labels: Record<string, LabelCounts> = {};
  for (const { label, result } of results) {
    const counts = (labels[label] ??= { n: 0, block: 0, pass: 0, review: 0 });
    counts.n++;
    counts[result.verdict]++;
  }
  const latencies = results.map((r) => r.result.latencyMs).sort((a, b) => a - b);
  return { total: results.length, labels, latency_ms: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) } };
}

function formatSummary(summary: DatasetSummary): string {
  const lines = [`${"label".padEnd(10)}${"n".padStart(7)}${"block".padStart(9)}${"review".padStart(9)}${"pass".padStart(9)}`];
  for (const [label, c] of Object.entries(summary.labels)) {
    const pct = (k: number): string => `${((100 * k) / Math.max(1, c.n)).toFixed(1)}%`;
    lines.push(`${label.padEnd(10)}${String(c.n).padStart(7)}${pct(c.block).padStart(9)}${pct(c.review).padStart(9)}${pct(c.pass).padStart(9)}`);
  }
  lines.push(`total ${summary.total}; latency p50 ${summary.latency_ms.p50} ms, p99 ${summary.latency_ms.p99} ms`);
  return lines.join("\n");
}

function formatResult(result: EvalResult): string {
  const lines = [
    `verdict:     ${result.verdict} (${result.category})`,
    `tier:        ${result.tier}`,
    `explanation: ${result.explanation}`,
    `attack p:    ${result.attackProbability.toFixed(3)}`,
    `latency:     ${result.latencyMs} ms`,
    "trace:",
    ...result.trace.map((t) => `  tier ${t.tier} ${t.name.padEnd(10)} ${t.decision.padEnd(9)} ${t.latencyMs.toFixed(3)} ms  ${t.explanation}`),
  ];
  return lines.join("\n");
}

function write(stream: WriteStream, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(line, (error) => (error ? reject(error) : resolve()));
  });
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("eval", argv, {
    agent: { type: "string", short: "a", default: "agent.yaml" },
    judge: { type: "string" },
    json: { type: "boolean", default: false },
    dataset: { type: "string", short: "d" },
    out: { type: "string", short: "o" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (values.judge !== undefined && values.judge !== "none") throw new UsageError(`eval: --judge accepts only "none" (the judge is configured in agent.yaml or the environment)`);
  if (!values.dataset && positionals.length === 0) throw new UsageError(`eval: give a prompt or --dataset FILE.jsonl\n\n${HELP}`);
  if (values.dataset && positionals.length > 0) throw new UsageError("eval: give either a prompt or --dataset, not both");

  const options: FirewallOptions = values.judge === "none" ? { judge: "none" } : {};
  const firewall = await Firewall.fromConfig(values.agent, options);
  for (const notice of firewall.notices) process.stderr.write(`moat: ${notice}\n`);
  try {
    if (!values.dataset) {
      const result = await firewall.evaluate(positionals.join(" "));
      // The judge's verdict comes first; its reason is still streaming. Print it whole.
      await Promise.all(result.trace.map((t) => whenReasonComplete(t.details)));
      process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${formatResult(result)}\n`);
      return 0;
    }
    const summary = await evalDataset(firewall, values.dataset, values.out);
    process.stdout.write(values.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
    return 0;
  } finally {
    await firewall.close();
  }
}

async function evalDataset(firewall: Firewall, file: string, outFile: string | undefined): Promise<DatasetSummary> {
  const input = createReadStream(file, "utf8");
  const opened = new Promise<void>((resolve, reject) => {
    input.once("open", () => resolve());
    input.once("error", (error) => reject(new UsageError(`eval: cannot read dataset ${file}: ${error.message}`)));
  });
  await opened;
  const out = outFile ? createWriteStream(outFile, "utf8") : undefined;
  const results: { label: string; result: EvalResult }[] = [];
  let lineNo = 0;
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      lineNo++;
      if (line.trim() === "") continue;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new UsageError(`eval: ${file}:${lineNo}: not valid JSON`);
      }
      const parsed = rowSchema.safeParse(json);
      if (!parsed.success) throw new UsageError(`eval: ${file}:${lineNo}: ${parsed.error.issues[0]?.message ?? "invalid row"}`);
      const row = parsed.data;
      const result = await firewall.evaluate(row.messages ?? row.prompt ?? "");
      const label = row.label ?? "unlabelled";
      results.push({ label, result });
      if (out) {
        const { verdict, category, tier, explanation, latencyMs, attackProbability, blocked, passed, failOpen, failClosed, trace } = result;
        await write(out, `${JSON.stringify({ id: row.id ?? lineNo, label: row.label ?? null, verdict, category, tier, explanation, latencyMs, attackProbability, blocked, passed, failOpen, failClosed, trace })}\n`);
      }
    }
  } finally {
    if (out) await new Promise<void>((resolve) => out.end(() => resolve()));
  }
  return summarize(results);
}
