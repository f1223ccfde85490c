/**
 * `moat train-builtin`: trains the built-in Tier 1 detector from the public data in
 * ../shared/data (or --data) and writes models/<name>.bin. See docs/tier1-builtin.md.
 */
import { resolve } from "node:path";
import { DEFAULT_BUILTIN_DETECTOR } from "../firewall/tier1/builtin/index.js";
import { hasData } from "../firewall/tier1/builtin/training/readers.js";
import { trainBuiltinModel } from "../firewall/tier1/builtin/training/pipeline.js";
import { parseCommandArgs, UsageError } from "./args.js";

const HELP = `usage: moat train-builtin [--data ../shared/data] [--out models/<name>.bin] [--name ${DEFAULT_BUILTIN_DETECTOR}]
                          [--limit N] [--seed N] [--epochs N] [--quiet]

Trains the built-in prompt-injection detector (hashed word and character n-grams, logistic
regression; one model for prompts and one for tool content) and chooses its calibration and
thresholds on validation data. --limit caps every source at N examples (a quick run).`;

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`train-builtin: --${name} must be a positive integer, got "${value}"`);
  return n;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(7);

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("train-builtin", argv, {
    data: { type: "string" },
    out: { type: "string" },
    name: { type: "string" },
    limit: { type: "string" },
    seed: { type: "string" },
    epochs: { type: "string" },
    quiet: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`train-builtin: unexpected argument "${positionals[0]}"`);
  const dataDir = resolve(values.data ?? "../shared/data");
  if (!hasData(dataDir)) throw new UsageError(`train-builtin: no training data in ${dataDir} (expected MANIFEST.json and the files its README lists); pass --data`);
  const name = values.name ?? DEFAULT_BUILTIN_DETECTOR;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new UsageError(`train-builtin: --name may only hold letters, digits, ".", "_" and "-"`);
  const out = resolve(values.out ?? `models/${name}.bin`);
  const log = values.quiet ? () => {} : (line: string) => process.stderr.write(`${line}\n`);

  const report = trainBuiltinModel({
    dataDir,
    out,
    name,
    limit: positiveInt("limit", values.limit),
    seed: positiveInt("seed", values.seed),
    epochs: positiveInt("epochs", values.epochs),
    log,
  });

  const { thresholds } = report.metadata;
  const lines = [
    `wrote ${report.out} (${(report.bytes / 1024 / 1024).toFixed(2)} MB) in ${report.seconds.toFixed(1)} s`,
    `training windows ${report.trainExamples}, validation texts ${report.valExamples}`,
    `thresholds  prompt: block >= ${thresholds.prompt.blockAt.toFixed(3)}, pass < ${thresholds.prompt.passBelow.toFixed(3)}` +
      `   tool: block >= ${thresholds.tool.blockAt.toFixed(3)}, pass < ${thresholds.tool.passBelow.toFixed(3)}` +
      (thresholds.otherLanguages ? `   prompts in other languages: block >= ${thresholds.otherLanguages.blockAt.toFixed(3)}, pass < ${thresholds.otherLanguages.passBelow.toFixed(3)}` : ""),
    "",
    "validation (rows like training rows; the held-out figures come from npm run bench:tier1)",
    `${"source".padEnd(7)} ${"group".padEnd(36)} ${"label".padEnd(6)} ${"n".padStart(5)} ${"block".padStart(7)} ${"escal.".padStart(7)} ${"pass".padStart(7)}`,
    ...report.validation.map(
      (v) => `${v.source.padEnd(7)} ${v.group.slice(0, 36).padEnd(36)} ${(v.label ? "attack" : "benign").padEnd(6)} ${String(v.n).padStart(5)} ${pct(v.block)} ${pct(v.escalate)} ${pct(v.pass)}`,
    ),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}
