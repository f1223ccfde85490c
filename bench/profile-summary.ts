/**
 * Reads a V8 .cpuprofile (node --cpu-prof; `npm run bench -- --cpu-prof DIR` writes one per Moat
 * process) and prints where the time went: self time per function, and total (inclusive) time
 * per function for the project's own code. `tsx bench/profile-summary.ts FILE [--top N] [--filter TEXT]`
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";

const nodeSchema = z.object({
  id: z.number(),
  callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
  children: z.array(z.number()).optional(),
});
const profileSchema = z.object({
  nodes: z.array(nodeSchema),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
  startTime: z.number(),
  endTime: z.number(),
});
type ProfileNode = z.infer<typeof nodeSchema>;

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^file:\/\//, "").replace(/^.*\/node_modules\//, "~/").replace(/^.*\/work\/main\//, "");
  return `${functionName || "(anonymous)"} ${file ? `${file}:${lineNumber + 1}` : ""}`.trim();
}

export function summarizeProfile(raw: unknown, top: number, filter?: string): string {
  const profile = profileSchema.parse(raw);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const sampled = [...self.values()].reduce((a, b) => a + b, 0);
  // Percentages are of the time the process was busy: a benchmark target idles between runs.
  let idleUs = 0;
  for (const [id, us] of self) if (byId.get(id)?.callFrame.functionName === "(idle)") idleUs += us;
  const total = sampled - idleUs;

  const selfByLabel = new Map<string, number>();
  const inclusiveByLabel = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    selfByLabel.set(label(node), (selfByLabel.get(label(node)) ?? 0) + us);
    // Each label counts once per sample stack, so recursion does not inflate it.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      if (!n) break;
      const l = label(n);
      if (seen.has(l)) continue;
      seen.add(l);
      inclusiveByLabel.set(l, (inclusiveByLabel.get(l) ?? 0) + us);
    }
  }
  const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)}%`;
  const lines: string[] = [`profile: ${(total / 1e6).toFixed(2)} s busy of ${(sampled / 1e6).toFixed(2)} s sampled; percentages of the busy time`, "", "self time:"];
  const idle = (l: string) => l.startsWith("(idle)") || l.startsWith("(program)") || l.startsWith("(garbage collector)");
  for (const [l, us] of [...selfByLabel].filter(([l]) => !l.startsWith("(idle)")).sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${l}`);
  lines.push("", `total time${filter ? ` (functions in files matching "${filter}")` : ""}:`);
  const inclusive = [...inclusiveByLabel].filter(([l]) => !idle(l) && (!filter || l.includes(filter))).sort((a, b) => b[1] - a[1]);
  for (const [l, us] of inclusive.slice(0, top)) lines.push(`  ${pct(us)}  ${l}`);
  return `${lines.join("\n")}\n`;
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "30" }, filter: { type: "string" } } });
  const file = positionals[0];
  if (!file) {
    process.stderr.write("usage: tsx bench/profile-summary.ts FILE.cpuprofile [--top N] [--filter TEXT]\n");
    process.exitCode = 2;
    return;
  }
  process.stdout.write(summarizeProfile(JSON.parse(readFileSync(file, "utf8")), Number(values.top), values.filter));
}

main();
