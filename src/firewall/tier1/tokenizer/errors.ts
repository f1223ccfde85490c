import type { z } from "zod";

/** tokenizer.json holds something this tokenizer cannot read; `at` is the key path inside the file. */
export class TokenizerConfigError extends Error {
  constructor(
    readonly at: string,
    message: string,
  ) {
    super(`${at}: ${message}`);
    this.name = "TokenizerConfigError";
  }
}

/** Parses a component of tokenizer.json with its schema, naming the key path on failure. */
export function parseComponent<T extends z.ZodType>(schema: T, value: unknown, at: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${at}.${issue.path.join(".")}` : at;
  throw new TokenizerConfigError(where, issue?.message ?? "invalid");
}

/** The `type` of a component, or an error naming what is missing. */
export function componentType(value: unknown, at: string): string {
  if (value === null || typeof value !== "object" || typeof (value as { type?: unknown }).type !== "string") {
    throw new TokenizerConfigError(at, "expected an object with a string `type`");
  }
  return (value as { type: string }).type;
}

export function unsupported(at: string, kind: string, type: string, supported: readonly string[]): TokenizerConfigError {
  return new TokenizerConfigError(at, `${kind} type "${type}" is not supported (supported: ${supported.join(", ")})`);
}
