/** Why a call to the upstream did not produce a response. */
export type UpstreamFailure = "unreachable" | "timeout" | "aborted";

export class UpstreamError extends Error {
  constructor(
    readonly failure: UpstreamFailure,
    readonly upstream: string,
    message: string,
  ) {
    super(message);
    this.name = "UpstreamError";
  }
}

const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ETIMEDOUT"]);

export function classifyUpstreamError(error: unknown, upstream: string, signal?: { readonly aborted: boolean }): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const name = (error as { name?: unknown } | null)?.name;
  if (signal?.aborted || name === "AbortError" || code === "UND_ERR_ABORTED") {
    return new UpstreamError("aborted", upstream, "the request was aborted");
  }
  if (typeof code === "string" && TIMEOUT_CODES.has(code)) {
    return new UpstreamError("timeout", upstream, `upstream "${upstream}" did not answer in time`);
  }
  const detail = typeof code === "string" ? code : error instanceof Error ? error.message : String(error);
  return new UpstreamError("unreachable", upstream, `upstream "${upstream}" is unreachable (${detail})`);
}
