import { readFileSync } from "node:fs";
import { parse, YAMLParseError } from "yaml";
import type { z } from "zod";
import { ConfigError, describeZodIssues } from "./errors.js";
import { expandEnvDeep, MissingEnvError } from "./env.js";

/** Reads a YAML file, expands `${VAR}`, validates it; every failure is a ConfigError. */
export function loadYamlFile<T extends z.ZodType>(file: string, schema: T, env: NodeJS.ProcessEnv = process.env): z.output<T> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(file, [code === "ENOENT" ? "file not found" : `cannot read file (${code ?? String(error)})`]);
  }
  return parseYamlText(file, text, schema, env);
}

/**
 * Config files are small; a huge one is a mistake or an attack (the YAML parser's duplicate-key
 * check is quadratic in the keys of one map), so it is refused before parsing.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export function parseYamlText<T extends z.ZodType>(file: string, text: string, schema: T, env: NodeJS.ProcessEnv = process.env): z.output<T> {
  if (text.length > MAX_CONFIG_BYTES) {
    throw new ConfigError(file, [`file is ${text.length} characters; config files are limited to ${MAX_CONFIG_BYTES}`]);
  }
  let raw: unknown;
  try {
    raw = parse(text, { prettyErrors: true });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      throw new ConfigError(file, [`invalid YAML${at ? ` at line ${at.line}, column ${at.col}` : ""}: ${error.message.split("\n")[0]}`]);
    }
    throw new ConfigError(file, [`invalid YAML: ${String(error)}`]);
  }
  return validateConfig(file, raw ?? {}, schema, env);
}

export function validateConfig<T extends z.ZodType>(file: string, raw: unknown, schema: T, env: NodeJS.ProcessEnv = process.env): z.output<T> {
  let expanded: unknown;
  try {
    expanded = expandEnvDeep(raw, "", env);
  } catch (error) {
    if (error instanceof MissingEnvError) throw new ConfigError(file, [error.message]);
    throw error;
  }
  const result = schema.safeParse(expanded);
  if (!result.success) throw new ConfigError(file, describeZodIssues(result.error));
  return result.data;
}
