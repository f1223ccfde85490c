/**
 * `npm run bench:tier1-onnx`: latency of the ONNX detector on the tiny generated test model
 * (scripts/make-tiny-onnx.ts), split into tokenization and inference, and of Tier 1 as a whole
 * (ensemble included) beside Tier 1 with a no-op detector as the baseline, all in one run.
 * The tiny model measures Moat's own overhead around onnxruntime (tokenizer, windows, tensors,
 * session.run, ensemble); a real DeBERTa-base costs about 100 ms per window on CPU on top.
 *
 *   npm run bench:tier1-onnx -- [--samples N] [--threads T]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { writeTinyModel } from "../scripts/make-tiny-onnx.js";
import { parseConversation } from "../src/firewall/conversation.js";
import type { Detector } from "../src/firewall/tier1/detector.js";
import { OnnxDetector } from "../src/firewall/tier1/onnx/detector.js";
import { Tier1 } from "../src/firewall/tier1/tier.js";
import { Tokenizer } from "../src/firewall/tier1/tokenizer/tokenizer.js";
import { percentile } from "./stats.js";

const { values } = parseArgs({ options: { samples: { type: "string", default: "400" }, threads: { type: "string", default: "1" } } });
const samples = Number(values.samples);
const threads = Number(values.threads);
const thresholds = { prompt: { blockAt: 0.8, passBelow: 0.2 }, tool: { blockAt: 0.8, passBelow: 0.2 } };

const SENTENCE = "What is my account balance, and is the weather nice? Thanks! ";
const SIZES = [60, 500, 2000, 8000];

function textOf(chars: number): string {
  return SENTENCE.repeat(Math.ceil(chars / SENTENCE.length)).slice(0, chars);
}

async function time(fn: () => unknown): Promise<number[]> {
  for (let i = 0; i < Math.min(50, samples); i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await fn();
    out.push(performance.now() - start);
  }
  return out;
}

const ms = (v: number): string => v.toFixed(3).padStart(8);

const noop: Detector = {
  name: "noop",
  kind: "baseline",
  synchronous: true,
  thresholds: () => thresholds.prompt,
  score: () => 0.5,
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "moat-bench-onnx-"));
  try {
    writeTinyModel(dir);
    const detector = await OnnxDetector.load({ dir, maxLength: 512, threads, thresholds });
    const tokenizer = Tokenizer.fromFile(join(dir, "tokenizer.json"));
    const onnxTier = new Tier1([detector], { consensus: 1 });
    const baselineTier = new Tier1([noop], { consensus: 1 });
    const signal = new AbortController().signal;

    process.stdout.write(`Tier 1 ONNX latency, tiny test model, ${samples} samples per row after warm-up, intraOpNumThreads ${threads}, ${cpus().length} CPUs, Node ${process.version}\n\n`);
    process.stdout.write("| prompt chars | windows | tokenize p50 | tokenize p99 | detector p50 | detector p99 | Tier 1 p50 | Tier 1 p99 | no-op Tier 1 p50 | Tier 1 / no-op (p50) |\n");
    process.stdout.write("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (const size of SIZES) {
      const text = textOf(size);
      const { conversation } = parseConversation(text, { sessionWindow: 5 });
      const input = { text, source: "prompt" as const, label: "prompt" };
      const windows = detector.encodeWindows(text).length;
      const tokenize = await time(() => tokenizer.encode(text));
      const score = await time(() => detector.score(input, { transcript: "" }, signal));
      const tier = await time(() => onnxTier.evaluate(conversation, signal));
      const baseline = await time(() => baselineTier.evaluate(conversation, signal));
      const ratio = percentile(tier, 50) / percentile(baseline, 50);
      process.stdout.write(
        `| ${size} | ${windows} | ${ms(percentile(tokenize, 50))} | ${ms(percentile(tokenize, 99))} | ${ms(percentile(score, 50))} | ${ms(percentile(score, 99))} | ${ms(percentile(tier, 50))} | ${ms(percentile(tier, 99))} | ${ms(percentile(baseline, 50))} | ${ratio.toFixed(1).padStart(6)}x |\n`,
      );
    }
    process.stdout.write("\nTimes in ms. \"no-op Tier 1\" runs the same ensemble with a detector that returns a constant: the cost of the tier itself.\n");
    await detector.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
