#!/usr/bin/env -S node --max-semi-space-size=8
/**
 * The `moat` command. Each sub-command lives in src/commands/<name>.ts and is loaded on demand,
 * so `moat serve` does not pay for the training code and vice versa.
 *
 * The shebang caps V8's young generation at 2 x 8 MB: under load Node's default (2 x 16 MB) holds
 * about 17 MB more resident memory for no measurable throughput. `npm start` and the Dockerfile
 * pass the same flags (test/project/node-flags.test.ts), and bench/ starts Moat with them.
 */
import { ConfigError } from "./firewall/config/errors.js";
import { UsageError } from "./commands/args.js";

type CommandModule = { run(argv: string[]): Promise<number> };

const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  serve: { summary: "start the proxy (--config proxy.config.yaml)", load: () => import("./commands/serve.js") },
  eval: { summary: "evaluate a prompt or a dataset with the firewall", load: () => import("./commands/eval.js") },
  "train-builtin": { summary: "train the built-in Tier 1 detector from ../shared/data", load: () => import("./commands/train-builtin.js") },
  events: { summary: "list, export (as training data) and mark stored firewall events", load: () => import("./commands/events.js") },
  train: { summary: "train Tier 2 from red-team logs and Moat events into a .hbfw model", load: () => import("./commands/train.js") },
  show: { summary: "show what a .hbfw Tier 2 model holds", load: () => import("./commands/show.js") },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(16)}${c.summary}`);
  return `usage: moat <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nRun "moat <command> --help" for a command's options.`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`moat: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  const module = await command.load();
  return module.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof UsageError) {
      process.stderr.write(`moat: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`moat: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
