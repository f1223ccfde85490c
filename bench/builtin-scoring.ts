/**
 * CPU cost of the built-in Tier 1 model's scoring path per call, on prompts of 90 to 8,000
 * characters, for the optimised code in src/ against the reference implementation it replaced
 * (test/tier1-builtin/reference/, a copy of the code as of commit c7884c1). Each step is timed
 * separately too: normalisation, payload decoding, featurising + dot product of one window. A second
 * table times the detector's whole score (detector.score, and so any view layered above maxLogit)
 * on the same English prose and on Italian prose that names instructions and rules.
 * Reference and current runs alternate in rounds so that a busy machine affects both alike.
 * `tsx bench/builtin-scoring.ts [--rounds N] [--ms M]`
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { normalizeForDetection } from "../src/firewall/ml/normalize.js";
import { decodeEmbeddedPayloads } from "../src/firewall/ml/payloads.js";
import { detectorFromModel } from "../src/firewall/tier1/builtin/detector.js";
import { readBuiltinModel } from "../src/firewall/tier1/builtin/model-file.js";
import { maxLogit } from "../src/firewall/tier1/builtin/scorer.js";
import { normalizeForDetection as referenceNormalize } from "../test/tier1-builtin/reference/normalize.js";
import { decodeEmbeddedPayloads as referencePayloads } from "../test/tier1-builtin/reference/payloads.js";
import { ReferenceClassifier } from "../test/tier1-builtin/reference/scorer.js";
import { median } from "./stats.js";
import { ROOT } from "./targets.js";
import { largeWorkload } from "./workloads.js";

/** CPU µs per call (this process's user + system time, so time spent descheduled on a busy machine does not count): runs fn for about `ms` milliseconds. */
function rate(fn: () => unknown, ms: number): number {
  let calls = 0;
  const start = performance.now();
  const cpu = process.cpuUsage();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 16; i++) fn();
    calls += 16;
  }
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / calls;
}

function compare(reference: () => unknown, current: () => unknown, rounds: number, ms: number): [number, number] {
  rate(reference, ms);
  rate(current, ms);
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < rounds; r++) {
    a.push(rate(reference, ms));
    b.push(rate(current, ms));
  }
  return [median(a), median(b)];
}

function main(): void {
  const { values } = parseArgs({ options: { rounds: { type: "string", default: "7" }, ms: { type: "string", default: "150" } } });
  const rounds = Number(values.rounds);
  const ms = Number(values.ms);
  const model = readBuiltinModel(join(ROOT, "models", "moat-injection-v1.bin"));
  const classifier = model.classifiers.prompt;
  const reference = new ReferenceClassifier(classifier);
  const messages = JSON.parse(largeWorkload().json.toString()) as { messages: { content: string }[] };
  const prose = messages.messages.map((m) => m.content).join(" ");
  const rows: string[] = [];
  for (const chars of [90, 500, 2000, 8000]) {
    const text = prose.repeat(Math.ceil(chars / prose.length)).slice(0, chars).trimEnd();
    const prepared = normalizeForDetection(text);
    const cells: string[] = [];
    for (const [ref, cur] of [
      [() => reference.maxLogit(text, "prompt"), () => maxLogit(classifier, text, "prompt")],
      [() => referenceNormalize(text), () => normalizeForDetection(text)],
      [() => referencePayloads(text), () => decodeEmbeddedPayloads(text)],
      [() => reference.logitPrepared(prepared), () => classifier.logitPrepared(prepared)],
    ] as const) {
      const [before, after] = compare(ref, cur, rounds, ms);
      cells.push(`${before.toFixed(1)} -> ${after.toFixed(1)} (${(before / after).toFixed(1)}x)`);
    }
    rows.push(`| ${text.length} | ${cells.join(" | ")} |`);
  }
  // The detector's whole score, on English prose and on Italian prose written for this bench
  // (customer-service wording that names instructions, rules and the previous message).
  const detector = detectorFromModel(model);
  const italian =
    "Buongiorno, ho letto le istruzioni per il bonifico istantaneo ma non capisco le regole sulle commissioni. " +
    "Nel messaggio precedente vi ho chiesto di mostrarmi il saldo del conto e di ignorare la richiesta sulla carta. " +
    "Potete spiegarmi di nuovo la procedura e dirmi quali limiti valgono per i prelievi all'estero? Grazie mille. ";
  const scoreRows: string[] = [];
  for (const chars of [90, 500, 2000, 8000]) {
    const cells: string[] = [];
    for (const source of [prose, italian]) {
      const text = source.repeat(Math.ceil(chars / source.length)).slice(0, chars).trimEnd();
      const [, us] = compare(() => maxLogit(classifier, text, "prompt"), () => detector.score(text, "prompt"), rounds, ms);
      cells.push(us.toFixed(1));
    }
    scoreRows.push(`| ${chars} | ${cells.join(" | ")} |`);
  }
  process.stdout.write(
    [
      `## Built-in model scoring, CPU µs per call: reference (c7884c1) -> current (median of ${rounds} alternating rounds of ${ms} ms; ${process.version})`,
      "",
      "| chars | maxLogit (whole score) | normalizeForDetection | decodeEmbeddedPayloads | featurise + dot, one prepared text |",
      "| --- | --- | --- | --- | --- |",
      ...rows,
      "",
      "detector.score (the calibrated score the detector returns), CPU µs per call:",
      "",
      "| chars | English prose | Italian prose naming instructions and rules |",
      "| --- | --- | --- |",
      ...scoreRows,
      "",
    ].join("\n"),
  );
}

main();
