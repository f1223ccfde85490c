/**
 * `moat train`: trains Tier 2 (the agent-specific classifier pair) from red-team logs and Moat's
 * own events, validates it on held-out conversations, and writes a .hbfw model file.
 */
import { loadAgentConfig } from "../firewall/config/agent.js";
import { writeHbfwFile, type ValidationReport } from "../firewall/tier2/hbfw.js";
import { ClassifierLoadError, loadClassifier } from "../firewall/tier2/load-classifier.js";
import { parseFilterDate, type ConversationFilter } from "../training/filter.js";
import { ImportError, type ImportResult } from "../training/formats/types.js";
import { importFile } from "../training/import.js";
import { TrainingDataError, trainTier2 } from "../training/trainer.js";
import { parseCommandArgs, UsageError } from "./args.js";

const HELP = `usage: moat train --import FILE[:format] [--import ...] [--agent agent.yaml] [--model classifier-module]
                  [--min-samples 30] [--from DATE] [--until DATE] [--last N] [-o firewall.hbfw]
                  [--validation 0.2] [--seed 1] [--attack-turns 3] [--max-conversations 5000] [--keep-openings]

Trains Tier 2 from red-team logs and writes a .hbfw model file. Formats (detected from the keys,
or named after the last colon): humanbound, pyrit, promptfoo, jsonl ({"messages", "label"}),
moat-events (moat events export --label). .json and .jsonl both work.

  --model PATH         AgentClassifier module (.js/.mjs/.ts); default: the built-in n-gram classifier
  --min-samples N      fewest attack turns and benign turns (each) to train on (default 30)
  --from/--until DATE  only conversations dated in this range (YYYY-MM-DD or ISO; --until is inclusive)
  --last N             only the N most recent experiments (experiment id, or the file)
  --validation F       share of conversations held out to validate the model (default 0.2; 0 = none)
  --attack-turns N     turns taken from the end of a conversation where an attack worked (default 3)
  --keep-openings      keep benign-looking openings of attack conversations as attack samples
  -o, --output PATH    model file to write (default firewall.hbfw)`;

function number(name: string, text: string | undefined, fallback: number, check: (n: number) => boolean): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || !check(n)) throw new UsageError(`train: --${name} "${text}" is out of range`);
  return n;
}

function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? "-" : `${(rate * 100).toFixed(1)}%`;
}

export function formatValidation(v: ValidationReport): string[] {
  return [
    `validation on ${v.conversations} held-out conversation(s): ${v.attack_turns} attack turn(s), ${v.benign_turns} benign turn(s)`,
    `  attack turns:  caught ${percent(v.attack_caught_rate)}, escalated ${percent(v.attack_escalated_rate)}, passed ${percent(v.attack_passed_rate)}`,
    `  benign turns:  passed ${percent(v.benign_pass_rate)}, escalated ${percent(v.benign_escalated_rate)}, blocked ${percent(v.benign_blocked_rate)}`,
    `  settled at Tier 2 ${percent(v.settled_rate)}, escalated to the judge ${percent(v.escalation_rate)}, wrong ${percent(v.error_rate)}`,
  ];
}

function describeImport(r: ImportResult): string[] {
  const turns = r.conversations.reduce((n, c) => n + c.turns.length, 0);
  const lines = [`${r.file}: ${r.format}, ${r.conversations.length} conversation(s), ${turns} turn(s)`];
  for (const [reason, n] of Object.entries(r.skipped)) lines.push(`  skipped ${n}: ${reason}`);
  for (const warning of r.warnings) lines.push(`  warning: ${warning}`);
  return lines;
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("train", argv, {
    agent: { type: "string", default: "agent.yaml" },
    import: { type: "string", multiple: true },
    model: { type: "string" },
    "min-samples": { type: "string" },
    from: { type: "string" },
    until: { type: "string" },
    last: { type: "string" },
    output: { type: "string", short: "o", default: "firewall.hbfw" },
    validation: { type: "string" },
    seed: { type: "string" },
    "attack-turns": { type: "string" },
    "max-conversations": { type: "string" },
    "keep-openings": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`train: unexpected argument "${positionals[0]}" (files go after --import)\n\n${HELP}`);
  const imports = values.import ?? [];
  if (imports.length === 0) throw new UsageError(`train: give at least one --import FILE\n\n${HELP}`);

  const filter: ConversationFilter = {};
  try {
    if (values.from) filter.from = parseFilterDate(values.from, "from");
    if (values.until) filter.until = parseFilterDate(values.until, "until");
  } catch (error) {
    throw new UsageError(`train: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (values.last !== undefined) filter.last = number("last", values.last, 0, (n) => Number.isInteger(n) && n >= 1);
  const minSamples = number("min-samples", values["min-samples"], 30, (n) => Number.isInteger(n) && n >= 1);
  const validationFraction = number("validation", values.validation, 0.2, (n) => n >= 0 && n < 1);
  const seed = number("seed", values.seed, 1, Number.isInteger);
  const attackTurns = number("attack-turns", values["attack-turns"], 3, (n) => Number.isInteger(n) && n >= 1);
  const maxConversations = number("max-conversations", values["max-conversations"], 5000, (n) => Number.isInteger(n) && n >= 1);

  const agent = loadAgentConfig(values.agent);
  const out = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  try {
    const classifier = await loadClassifier(values.model, process.cwd());
    const results: ImportResult[] = [];
    for (const spec of imports) {
      const result = await importFile(spec);
      describeImport(result).forEach(out);
      results.push(result);
    }
    const trained = await trainTier2({
      agent: agent.config,
      imports: results,
      classifier,
      filter,
      minSamples,
      validationFraction,
      seed,
      curation: { attackTurns, maxConversations, dropOpenings: !values["keep-openings"] },
    });
    for (const [reason, n] of Object.entries(trained.filtered.dropped)) out(`left out ${n} conversation(s): ${reason}`);
    const { samples, strata } = trained.config.training;
    out(`classifier: ${classifier.id}${classifier.module ? ` (${classifier.module})` : ""}`);
    out(`training samples: ${samples.attack} attack turn(s), ${samples.benign} benign turn(s) + ${samples.permitted_intents} permitted intent(s)`);
    out(`  attack by fail category: ${Object.entries(strata.attack).map(([k, n]) => `${k} ${n}`).join(", ") || "-"}`);
    out(`  benign by persona: ${Object.entries(strata.benign).map(([k, n]) => `${k} ${n}`).join(", ") || "-"}`);
    if (trained.curated.droppedOpenings > 0) out(`  ${trained.curated.droppedOpenings} benign-looking opening turn(s) of attack conversations left out (--keep-openings keeps them)`);
    if (trained.curated.skippedShortTurns > 0) out(`  ${trained.curated.skippedShortTurns} trivially short turn(s) skipped`);
    if (trained.validation) formatValidation(trained.validation).forEach(out);
    else out("validation: none (--validation 0)");
    await writeHbfwFile(values.output, trained.bytes);
    out(`wrote ${values.output} (${(trained.bytes.length / 1024).toFixed(0)} KiB)`);
    return 0;
  } catch (error) {
    if (error instanceof ImportError || error instanceof TrainingDataError || error instanceof ClassifierLoadError) {
      process.stderr.write(`moat train: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
