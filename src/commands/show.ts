/**
 * `moat show firewall.hbfw`: what a Tier 2 model file holds (when and for which agent it was
 * trained, with which classifier, on which data, and how it did on held-out conversations). The
 * whole file is loaded with the same checks as at serve time, so a file `show` accepts will load.
 */
import { stat } from "node:fs/promises";
import { ArchiveError } from "../firewall/tier2/zip-guard.js";
import { HbfwError, readHbfwFile, type HbfwModel } from "../firewall/tier2/hbfw.js";
import { NpyError } from "../firewall/tier2/npy.js";
import { parseCommandArgs, UsageError } from "./args.js";
import { formatValidation } from "./train.js";

const HELP = `usage: moat show [--json] MODEL.hbfw

Prints a Tier 2 model's creation date, agent, classifier, training sources and sample counts,
and validation figures. --json prints config.json as stored.`;

export function describeModel(model: HbfwModel, file: string, bytes: number): string[] {
  const { config } = model;
  const lines = [
    `model:       ${file} (${(bytes / 1024).toFixed(0)} KiB, format ${config.format} v${config.format_version})`,
    `created:     ${config.created_at}`,
    `agent:       ${config.agent.name}${config.agent.version ? ` (version ${config.agent.version})` : ""}`,
    `classifier:  ${config.classifier.id}${config.classifier.module ? ` (trained with ${config.classifier.module})` : ""}`,
    `context:     up to ${config.context.turns} earlier turn(s), ${config.context.message_chars} characters per message`,
    "sources:",
  ];
  for (const s of config.training.sources) {
    lines.push(`  ${s.file} [${s.format}]: ${s.conversations} conversation(s), ${s.turns} turn(s) -> ${s.attack_samples} attack, ${s.benign_samples} benign sample(s)`);
  }
  const { samples, strata } = config.training;
  lines.push(
    `samples:     ${samples.attack} attack, ${samples.benign} benign + ${samples.permitted_intents} permitted intent(s); ` +
      `background ${samples.attack_background} (attack classifier), ${samples.benign_background} (benign classifier)`,
  );
  lines.push(`  attack by fail category: ${Object.entries(strata.attack).map(([k, n]) => `${k} ${n}`).join(", ") || "-"}`);
  lines.push(`  benign by persona:       ${Object.entries(strata.benign).map(([k, n]) => `${k} ${n}`).join(", ") || "-"}`);
  if (config.validation) {
    lines.push(...formatValidation(config.validation).map((l, i) => (i === 0 ? `${l} (${Math.round(config.training.validation_fraction * 100)}% held out, seed ${config.training.seed})` : l)));
  } else {
    lines.push("validation:  none");
  }
  for (const role of ["attack", "benign"] as const) {
    const arrays = Object.entries(model.weights[role]).map(([name, a]) => `${name} ${a.dtype}[${a.shape.join("x")}]`);
    lines.push(`weights (${role}): ${arrays.join(", ")}`);
  }
  return lines;
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("show", argv, {
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`show: give one model file\n\n${HELP}`);
  const file = positionals[0] as string;
  try {
    const model = await readHbfwFile(file);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(model.config, null, 2)}\n`);
    } else {
      const { size } = await stat(file);
      process.stdout.write(`${describeModel(model, file, size).join("\n")}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof HbfwError || error instanceof ArchiveError || error instanceof NpyError) {
      process.stderr.write(`moat show: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
