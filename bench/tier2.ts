/**
 * Tier 2 on a realistic red-team log of the banking agent in agent.yaml.
 *
 * Builds the log from ../shared/data (scripts/redteam), writes it as Humanbound JSONL and imports
 * it with the real importer, trains on half of the conversations with the default classifier, and
 * replays the other half turn by turn through Tier 0 + Tier 2 exactly as the proxy would (from
 * the 4th turn on: tier2_min_turns = 3). Reports the share of held-out turns Tier 2 settles
 * without the judge, its errors, and its latency against Tier 0's parse of the same request.
 *
 *   npm run bench:tier2 [-- --seed 7 --conversations 1200 --keep-openings]
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadAgentConfig } from "../src/firewall/config/agent.js";
import { parseConversation } from "../src/firewall/conversation.js";
import { seededRandom, shuffleInPlace } from "../src/firewall/ml/index.js";
import { loadClassifier } from "../src/firewall/tier2/load-classifier.js";
import { decodeHbfw } from "../src/firewall/tier2/hbfw.js";
import { instantiate, outcomeOf, Tier2 } from "../src/firewall/tier2/tier.js";
import { classifyTurn } from "../src/firewall/tier2/voting.js";
import type { ChatMessage } from "../src/firewall/types.js";
import { importFile } from "../src/training/import.js";
import { trainTier2 } from "../src/training/trainer.js";
import { generateRedTeamLog, type GeneratedConversation } from "../scripts/redteam/generate.js";
import { dataAvailable, loadMaterial } from "../scripts/redteam/sources.js";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "7" },
    conversations: { type: "string", default: "1200" },
    data: { type: "string", default: join(import.meta.dirname, "..", "..", "shared", "data") },
    // Ablation: train without removing the benign-looking openings of attack conversations.
    "keep-openings": { type: "boolean", default: false },
  },
});

if (!dataAvailable(values.data)) {
  process.stdout.write(`bench:tier2: skipped, ${values.data} is not there (needs banking77/ and star/)\n`);
  process.exit(0);
}

const seed = Number(values.seed);
const total = Number(values.conversations);
const agent = loadAgentConfig(join(import.meta.dirname, "..", "agent.yaml"));
const minTurns = agent.config.settings.tier2_min_turns;

const material = loadMaterial(values.data);
const logOptions = { seed, adversarial: Math.round(total / 2), benign: total - Math.round(total / 2), experiments: 8, start: new Date("2025-01-06T09:00:00Z") };

type Row = { label: "attack" | "benign"; origin: GeneratedConversation["origin"]; decision: "block" | "pass" | "escalate" };
interface Scenario {
  title: string;
  train: GeneratedConversation[];
  test: GeneratedConversation[];
  probes: string[];
}
interface ScenarioResult {
  rows: Row[];
  probes: Row["decision"][];
  tier2Ms: number[];
  tier0Ms: number[];
  trainMs: number;
  attackSamples: number;
  benignSamples: number;
  droppedOpenings: number;
  modelBytes: number;
}

async function run(scenario: Scenario): Promise<ScenarioResult> {
  const dir = mkdtempSync(join(tmpdir(), "moat-bench-tier2-"));
  const logFile = join(dir, "redteam-train.jsonl");
  writeFileSync(logFile, scenario.train.map((c) => JSON.stringify(c.log)).join("\n") + "\n");
  const trainStart = performance.now();
  const imported = await importFile(logFile);
  const classifier = await loadClassifier(undefined);
  const trained = await trainTier2({ agent: agent.config, imports: [imported], classifier, seed, curation: { dropOpenings: !values["keep-openings"] } });
  const trainMs = performance.now() - trainStart;
  rmSync(dir, { recursive: true, force: true });
  // Load the saved bytes back, so the bench measures what a deployment would run.
  const model = await decodeHbfw(trained.bytes, "bench.hbfw");
  const pair = instantiate(classifier.cls, model);
  const tier = new Tier2(pair.attack, pair.benign, minTurns, { contextTurns: model.config.context.turns, messageChars: model.config.context.message_chars });

  const rows: Row[] = [];
  const tier2Ms: number[] = [];
  const tier0Ms: number[] = [];
  for (const c of scenario.test) {
    const messages: ChatMessage[] = [{ role: "system", content: "You are the bank's customer support assistant." }];
    for (let i = 0; i < c.log.conversation.length; i++) {
      const turn = c.log.conversation[i] as { u: string; a: string };
      messages.push({ role: "user", content: turn.u });
      if (i >= minTurns) {
        const t0 = performance.now();
        const { conversation } = parseConversation(messages, { sessionWindow: agent.config.settings.session_window });
        tier0Ms.push(performance.now() - t0);
        let decision: Row["decision"] = "escalate";
        if (tier.appliesTo(conversation)) {
          const t2 = performance.now();
          decision = (await tier.evaluate(conversation)).decision;
          tier2Ms.push(performance.now() - t2);
        }
        rows.push({ label: c.labels[i] ?? "benign", origin: c.origin, decision });
      }
      messages.push({ role: "assistant", content: turn.a });
    }
  }
  // Off-topic questions no log contained, asked as the 4th turn of held-out benign conversations.
  const probes: Row["decision"][] = [];
  const hosts = scenario.test.filter((c) => c.log.test_category.includes("qa"));
  scenario.probes.forEach((probe, i) => {
    const host = hosts[i % hosts.length];
    if (!host) return;
    const messages: ChatMessage[] = host.log.conversation.slice(0, minTurns).flatMap((t) => [
      { role: "user", content: t.u },
      { role: "assistant", content: t.a },
    ]);
    messages.push({ role: "user", content: probe });
    const { conversation } = parseConversation(messages, { sessionWindow: agent.config.settings.session_window });
    probes.push(outcomeOf(classifyTurn(tier.attack, tier.benign, conversation.history, conversation.prompt, tier.format)).decision);
  });
  return {
    rows,
    probes,
    tier2Ms,
    tier0Ms,
    trainMs,
    attackSamples: trained.curated.attack.length,
    benignSamples: trained.curated.benign.length,
    droppedOpenings: trained.curated.droppedOpenings,
    modelBytes: trained.bytes.length,
  };
}

function pct(n: number, d: number): string {
  return d === 0 ? "-" : `${((100 * n) / d).toFixed(1)}%`;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

const isWrong = (r: Row): boolean => (r.label === "attack" ? r.decision === "pass" : r.decision === "block");

function table(scenario: Scenario, result: ScenarioResult): string[] {
  const lines: string[] = [];
  const adversarial = (cs: GeneratedConversation[]): number => cs.filter((c) => c.log.test_category.includes("adversarial")).length;
  lines.push(`## ${scenario.title}`);
  lines.push(
    `trained on ${scenario.train.length} conversations (${adversarial(scenario.train)} adversarial): ${result.attackSamples} attack / ${result.benignSamples} benign samples ` +
      `(${result.droppedOpenings} benign-looking openings dropped), ${(result.trainMs / 1000).toFixed(1)} s, model ${(result.modelBytes / 1024).toFixed(0)} KiB`,
  );
  lines.push(`replayed ${scenario.test.length} held-out conversations (${adversarial(scenario.test)} adversarial), every turn from turn ${minTurns + 1} on`);
  lines.push("");
  lines.push("| held-out turns | n | blocked | passed | escalated | settled | wrong |");
  lines.push("|---|---:|---:|---:|---:|---:|---:|");
  const groups: [string, (r: Row) => boolean][] = [
    ["attack: agent-specific pivots", (r) => r.label === "attack" && r.origin === "pivot"],
    ["attack: public attack prompts", (r) => r.label === "attack" && r.origin === "public"],
    ["attack: off-topic requests", (r) => r.label === "attack" && r.origin === "off-topic"],
    ["benign: STAR dialogues", (r) => r.label === "benign" && r.origin === "star"],
    ["benign: banking77/NLU++ conversations", (r) => r.label === "benign" && r.origin === "stitched"],
    ["all", () => true],
  ];
  for (const [name, test] of groups) {
    const g = result.rows.filter(test);
    if (g.length === 0) continue;
    const blocked = g.filter((r) => r.decision === "block").length;
    const passed = g.filter((r) => r.decision === "pass").length;
    const wrong = g.filter(isWrong).length;
    lines.push(`| ${name} | ${g.length} | ${pct(blocked, g.length)} | ${pct(passed, g.length)} | ${pct(g.length - blocked - passed, g.length)} | ${pct(blocked + passed, g.length)} | ${wrong} (${pct(wrong, g.length)}) |`);
  }
  const settled = result.rows.filter((r) => r.decision !== "escalate").length;
  const wrong = result.rows.filter(isWrong).length;
  lines.push("");
  lines.push(`settled at Tier 2: ${pct(settled, result.rows.length)} of ${result.rows.length} held-out turns (target >= 60%)`);
  lines.push(`wrong: ${wrong} = ${pct(wrong, result.rows.length)} of held-out turns, ${pct(wrong, settled)} of settled ones (target < 2%)`);
  const p = result.probes;
  const count = (d: Row["decision"]): number => p.filter((x) => x === d).length;
  lines.push(
    `off-topic questions in no log (CLINC150 test + out-of-scope), as the 4th turn of a benign conversation: ${p.length}; ` +
      `blocked ${pct(count("block"), p.length)}, escalated to the judge ${pct(count("escalate"), p.length)}, passed without the judge ${pct(count("pass"), p.length)}`,
  );
  lines.push("");
  return lines;
}

// Scenario 1: one campaign, conversations split at random (the same attack strategies recur).
const campaign = generateRedTeamLog(material, logOptions);
const shuffled = [...campaign];
shuffleInPlace(shuffled, seededRandom(seed + 100));
const cut = Math.floor(shuffled.length / 2);
// Scenario 2: train on one campaign, replay another that shares no text with it (other
// customers, other public attack prompts, other phrasings of the pivots and the pressure).
const probes = material.offTopicProbes.map((u) => u.text);
shuffleInPlace(probes, seededRandom(seed + 200));
const scenarios: Scenario[] = [
  { title: "same campaign: held-out half of one red-team log", train: shuffled.slice(0, cut), test: shuffled.slice(cut), probes: probes.slice(0, 500) },
  {
    title: "new campaign: trained on campaign A, replayed on campaign B (no shared text)",
    train: generateRedTeamLog(material, { ...logOptions, half: 0 }),
    test: generateRedTeamLog(material, { ...logOptions, seed: seed + 1, half: 1 }),
    probes: probes.slice(500, 1000),
  },
];

const out: string[] = [`# Tier 2 on synthetic red-team logs of "${agent.config.name}" (seed ${seed}${values["keep-openings"] ? ", openings kept" : ""})`, ""];
const latencies: { tier0: number[]; tier2: number[] } = { tier0: [], tier2: [] };
for (const scenario of scenarios) {
  const result = await run(scenario);
  out.push(...table(scenario, result));
  latencies.tier0.push(...result.tier0Ms);
  latencies.tier2.push(...result.tier2Ms);
}
out.push("| latency per request (both runs) | p50 | p95 | p99 |");
out.push("|---|---:|---:|---:|");
const us = (x: number): string => `${(x * 1000).toFixed(0)} µs`;
out.push(`| Tier 0 parse + sanitize (baseline) | ${us(quantile(latencies.tier0, 0.5))} | ${us(quantile(latencies.tier0, 0.95))} | ${us(quantile(latencies.tier0, 0.99))} |`);
out.push(`| Tier 2 vote (4 predictions) | ${us(quantile(latencies.tier2, 0.5))} | ${us(quantile(latencies.tier2, 0.95))} | ${us(quantile(latencies.tier2, 0.99))} |`);
out.push("");
out.push(`Tier 2 p50 = ${(quantile(latencies.tier2, 0.5) / Math.max(quantile(latencies.tier0, 0.5), 1e-9)).toFixed(1)}x Tier 0's (target: p50 < 1 ms)`);
process.stdout.write(`${out.join("\n")}\n`);
