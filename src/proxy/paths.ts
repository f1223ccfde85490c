/**
 * Path safety and route matching. Raw request paths are checked before anything else, so dot
 * segments, encoded slashes or backslashes can never move a request to another route.
 */
const UNSAFE_PATH = /%2f|%5c|%2e|\\|\/\/|(^|\/)\.\.?(\/|$)/i;

export function isSafePath(rawPath: string): boolean {
  return rawPath.startsWith("/") && !UNSAFE_PATH.test(rawPath);
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
