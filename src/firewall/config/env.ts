/**
 * `${VAR}` in string values reads the environment. A missing variable is an error the user can
 * act on, naming the variable and where it was used.
 */
export class MissingEnvError extends Error {
  constructor(
    readonly variable: string,
    readonly path: string,
  ) {
    super(`environment variable ${variable} is not set (used at ${path})`);
  }
}

const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export function expandEnv(value: string, path: string, env: NodeJS.ProcessEnv = process.env): string {
  return value.replace(ENV_REF, (_match, name: string, fallback: string | undefined) => {
    const found = env[name];
    if (found !== undefined && found !== "") return found;
    if (fallback !== undefined) return fallback;
    throw new MissingEnvError(name, path);
  });
}

/** Expands `${VAR}` in every string leaf of parsed YAML/JSON. */
export function expandEnvDeep(value: unknown, path = "", env: NodeJS.ProcessEnv = process.env): unknown {
  if (typeof value === "string") return expandEnv(value, path || "(root)", env);
  if (Array.isArray(value)) return value.map((v, i) => expandEnvDeep(v, `${path}[${i}]`, env));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = expandEnvDeep(v, path ? `${path}.${k}` : k, env);
    return out;
  }
  return value;
}
