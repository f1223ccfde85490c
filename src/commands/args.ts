/** Small, strict argument parsing shared by the sub-commands (node:util parseArgs underneath). */
import { parseArgs, type ParseArgsConfig } from "node:util";

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

type StrictConfig<T extends OptionsConfig> = { args: string[]; options: T; allowPositionals: true; strict: true };

export function parseCommandArgs<T extends OptionsConfig>(command: string, argv: string[], options: T): ReturnType<typeof parseArgs<StrictConfig<T>>> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${command}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
