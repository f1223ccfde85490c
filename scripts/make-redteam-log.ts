/**
 * Writes the synthetic red-team log for the banking agent (Humanbound JSONL) from ../shared/data,
 * plus a sidecar with each turn's ground-truth label.
 *
 *   npx tsx scripts/make-redteam-log.ts [-o /tmp/redteam.jsonl] [--data ../shared/data]
 *     [--adversarial 600] [--benign 600] [--seed 7]
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { generateRedTeamLog } from "./redteam/generate.js";
import { dataAvailable, loadMaterial } from "./redteam/sources.js";

const { values } = parseArgs({
  options: {
    output: { type: "string", short: "o", default: "redteam.jsonl" },
    data: { type: "string", default: "../shared/data" },
    adversarial: { type: "string", default: "600" },
    benign: { type: "string", default: "600" },
    seed: { type: "string", default: "7" },
  },
});

if (!dataAvailable(values.data)) {
  process.stderr.write(`make-redteam-log: ${values.data} does not hold banking77/ and star/; nothing to build from\n`);
  process.exit(2);
}
const conversations = generateRedTeamLog(loadMaterial(values.data), {
  seed: Number(values.seed),
  adversarial: Number(values.adversarial),
  benign: Number(values.benign),
  experiments: 8,
  start: new Date("2025-01-06T09:00:00Z"),
});
writeFileSync(values.output, conversations.map((c) => JSON.stringify(c.log)).join("\n") + "\n");
const labels = values.output.replace(/\.jsonl?$/, "") + ".labels.jsonl";
writeFileSync(labels, conversations.map((c) => JSON.stringify({ thread_id: c.log.thread_id, origin: c.origin, labels: c.labels })).join("\n") + "\n");
const turns = conversations.reduce((n, c) => n + c.labels.length, 0);
process.stdout.write(`wrote ${conversations.length} conversations (${turns} user turns) to ${values.output}; labels in ${labels}\n`);
