/**
 * Where an API puts its verdict: `userPromptAnalysis.attackDetected`, `results[0].flagged`,
 * `documentsAnalysis[0].attackDetected`, `results.0.category_scores.prompt_injection`,
 * `["key.with.dots"]`. Parsed once at start-up; walking a response explains where it went wrong.
 */
export type PathSegment = string | number;

export class ResponsePathError extends Error {}

export function parseResponsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  const token = /\.?([A-Za-z_$][\w$-]*)|\.(\d+)|\[(\d+)\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[\s*'([^']*)'\s*\]/y;
  let at = 0;
  while (at < path.length) {
    token.lastIndex = at;
    const m = token.exec(path);
    if (!m || (at === 0 && path.startsWith("."))) throw new ResponsePathError(`response_path "${path}": cannot read it at character ${at + 1} ("${path.slice(at)}")`);
    const [, name, dotIndex, bracketIndex, doubleQuoted, singleQuoted] = m;
    if (name !== undefined) segments.push(name);
    else if (dotIndex !== undefined) segments.push(Number(dotIndex));
    else if (bracketIndex !== undefined) segments.push(Number(bracketIndex));
    else if (doubleQuoted !== undefined) segments.push(JSON.parse(`"${doubleQuoted}"`) as string);
    else segments.push(singleQuoted ?? "");
    at = token.lastIndex;
  }
  if (segments.length === 0) throw new ResponsePathError(`response_path "${path}" is empty`);
  return segments;
}

function describePath(segments: readonly PathSegment[]): string {
  return segments.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("") || "(root)";
}

function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}

export function walk(value: unknown, segments: readonly PathSegment[]): unknown {
  let current = value;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as PathSegment;
    const here = describePath(segments.slice(0, i));
    if (typeof segment === "number") {
      if (!Array.isArray(current)) throw new ResponsePathError(`${here} is ${kind(current)}, not an array`);
      if (segment >= current.length) throw new ResponsePathError(`${here} has no index ${segment} (${kind(current)})`);
      current = current[segment];
    } else {
      if (current === null || typeof current !== "object" || Array.isArray(current)) throw new ResponsePathError(`${here} is ${kind(current)}, not an object`);
      if (!Object.hasOwn(current, segment)) {
        const keys = Object.keys(current).slice(0, 10);
        throw new ResponsePathError(`${describePath(segments.slice(0, i + 1))} is missing (keys there: ${keys.length > 0 ? keys.join(", ") : "none"})`);
      }
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

/** A verdict as a score: true/false are 1/0, numbers must already be probabilities. */
export function asScore(value: unknown, path: string): number {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= 1) return value;
  throw new ResponsePathError(`${path} is ${kind(value)}; expected a boolean or a probability between 0 and 1`);
}
