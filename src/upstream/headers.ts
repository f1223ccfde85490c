/**
 * Header hygiene between client and upstream (RFC 9110 section 7.6.1): hop-by-hop headers, and
 * those named in Connection, belong to one connection and are never forwarded.
 */
import type { IncomingHttpHeaders } from "node:http";

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

// Some frameworks let these turn one method into another: the upstream must see the method the
// proxy routed and judged.
const METHOD_OVERRIDE = new Set(["x-http-method-override", "x-http-method", "x-method-override"]);

export type HeaderMap = Record<string, string | string[]>;

/** The tokens of a Connection header that name other headers (hop-by-hop for this message). */
function connectionTokens(value: string | string[] | undefined): Set<string> | undefined {
  // Nearly every request says "keep-alive" or "close", which name no header that is not dropped anyway.
  if (value === undefined || value === "keep-alive" || value === "close") return undefined;
  const tokens = new Set<string>();
  for (const v of Array.isArray(value) ? value : [value]) {
    for (const t of v.split(",")) {
      const token = t.trim().toLowerCase();
      if (token) tokens.add(token);
    }
  }
  return tokens;
}

// Never forwarded upstream: hop-by-hop, Host and Content-Length (set by the client library for the
// body it sends), the method overrides, and Expect: the 100-continue handshake is between the
// client and Moat (Node answers it before the body is read), and the upstream client refuses the
// header outright (curl sends it for bodies over 1 MB).
const NOT_UPSTREAM = new Set([...HOP_BY_HOP, "host", "content-length", "expect", ...METHOD_OVERRIDE]);

/** Headers of a client request as they may go upstream. Host and length are set by the client library. */
export function requestHeadersForUpstream(headers: IncomingHttpHeaders, drop: readonly string[] = []): HeaderMap {
  const named = connectionTokens(headers.connection);
  const out: HeaderMap = {};
  // for...in rather than Object.entries: no array per header on the request path.
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (NOT_UPSTREAM.has(lower) || named?.has(lower) || lower.startsWith("x-moat-")) continue;
    if (drop.length > 0 && drop.includes(lower)) continue;
    out[lower] = value;
  }
  return out;
}

/** Headers of an upstream response as they may go to the client, with `extra` added (or replacing). */
export function responseHeadersForClient(headers: Record<string, string | string[] | undefined>, dropLength = false, extra?: HeaderMap): HeaderMap {
  const named = connectionTokens(headers.connection);
  const out: HeaderMap = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || named?.has(lower)) continue;
    if (dropLength && lower === "content-length") continue;
    out[lower] = value;
  }
  if (extra) Object.assign(out, extra);
  return out;
}
