/** `npm run train:builtin -- [options]`: the built-in detector's training run (see src/commands/train-builtin.ts). */
import { run } from "../src/commands/train-builtin.js";
import { UsageError } from "../src/commands/args.js";

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`train-builtin: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
