/**
 * Path safety and route matching. Raw request paths are checked before anything else, so dot
 * segments, encoded slashes or backslashes can never move a request to another route.
 */
const UNSAFE_PATH = /%2f|%5c|%2e|\\|\/\/|(^|\/)\.\.?(\/|$)/i;
// Percent-encoded letters, digits, "-", "_", "~" and controls, ";" and "#": an upstream may
// decode or drop them, so the path it serves would not be the path that was routed and judged
// ("/v1/chat/%63ompletions" is the chat endpoint to most servers).
const AMBIGUOUS_PATH = /%(?:[46][1-9a-f]|[57][0-9a]|3[0-9]|2d|5f|7e|[01][0-9a-f]|7f)|[;#]/i;

export function isSafePath(rawPath: string): boolean {
  return rawPath.startsWith("/") && !UNSAFE_PATH.test(rawPath) && !AMBIGUOUS_PATH.test(rawPath);
}

/** The chat endpoint as an upstream may understand it: case and a trailing slash ignored. */
export function isChatCompletionsPath(rest: string): boolean {
  const lower = rest.toLowerCase();
  return lower === "/v1/chat/completions" || lower === "/v1/chat/completions/";
}

export function splitPathAndQuery(rawUrl: string): { path: string; query: string } {
  const q = rawUrl.indexOf("?");
  return q === -1 ? { path: rawUrl, query: "" } : { path: rawUrl.slice(0, q), query: rawUrl.slice(q) };
}

export interface PrefixMatch<T> {
  route: T;
  /** The path below the prefix, starting with "/". */
  rest: string;
}

function prefixMatches(prefix: string, path: string): boolean {
  return prefix === "/" || path === prefix || (path.startsWith(prefix) && path.charCodeAt(prefix.length) === 47); /* "/" */
}

/**
 * Longest prefix wins; a prefix matches whole segments only ("/support" not "/supportx").
 * A path that matches a prefix only when case is ignored ("/SUPPORT/v1") is refused rather than
 * sent to a shorter route, so changing case cannot move a request to a weaker route.
 */
export function matchPrefix<T extends { prefix: string }>(sortedRoutes: readonly T[], path: string): PrefixMatch<T> | "ambiguous" | undefined {
  const lower = path.toLowerCase();
  for (const route of sortedRoutes) {
    const { prefix } = route;
    if (prefixMatches(prefix, path)) return { route, rest: prefix === "/" ? path : path.slice(prefix.length) || "/" };
    if (prefixMatches(prefix.toLowerCase(), lower)) return "ambiguous";
  }
  return undefined;
}

export function sortByPrefixLength<T extends { prefix: string }>(routes: readonly T[]): T[] {
  return [...routes].sort((a, b) => b.prefix.length - a.prefix.length);
}
