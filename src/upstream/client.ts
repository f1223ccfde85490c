/**
 * One keep-alive connection pool per upstream. Requests carry the client's abort signal, so a
 * client that goes away cancels the upstream call; failures become UpstreamError.
 */
import type { EventEmitter } from "node:events";
import { Pool, type Dispatcher } from "undici";
import type { UpstreamConfig } from "../config/proxy-config.js";
import { classifyUpstreamError } from "./errors.js";
import type { HeaderMap } from "./headers.js";

export interface UpstreamRequest {
  method: string;
  /** Path below the upstream's base URL, starting with "/" (e.g. "/chat/completions"), query included. */
  path: string;
  headers: HeaderMap;
  body?: Buffer | string | NodeJS.ReadableStream | null;
  signal?: RequestSignal;
}

/**
 * What cancels a request: undici listens for "abort" on an AbortSignal or on an EventEmitter (which
 * is much cheaper to make per request); `aborted` says whether it has happened.
 */
export type RequestSignal = AbortSignal | (EventEmitter & { readonly aborted: boolean });

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData["body"];
}

export class UpstreamClient {
  private readonly pool: Pool;
  private readonly basePath: string;
  /** The configured headers and key, added to every request; undefined when there are none. */
  private readonly added: HeaderMap | undefined;

  constructor(
    readonly name: string,
    private readonly config: UpstreamConfig,
  ) {
    const url = new URL(config.base_url);
    this.basePath = url.pathname.replace(/\/+$/, "");
    const added: HeaderMap = { ...config.headers };
    if (config.api_key) added.authorization = `Bearer ${config.api_key}`;
    this.added = Object.keys(added).length > 0 ? added : undefined;
    this.pool = new Pool(url.origin, {
      connections: config.connections,
      keepAliveTimeout: 30_000,
      headersTimeout: config.timeout_ms,
      bodyTimeout: config.timeout_ms,
      connect: { timeout: config.connect_timeout_ms },
    });
  }

  /** Authorization: the upstream's own key when configured, else the client's header as sent. */
  private headersFor(headers: HeaderMap): HeaderMap {
    // Most upstreams add nothing: then the caller's map goes out as it is, without a copy.
    if (this.added === undefined) return headers;
    return { ...headers, ...this.added };
  }

  async request(req: UpstreamRequest): Promise<UpstreamResponse> {
    try {
      const response = await this.pool.request({
        method: req.method as Dispatcher.HttpMethod,
        path: `${this.basePath}${req.path}`,
        headers: this.headersFor(req.headers),
        body: (req.body ?? null) as Dispatcher.DispatchOptions["body"],
        signal: req.signal,
      });
      return { status: response.statusCode, headers: response.headers, body: response.body };
    } catch (error) {
      throw classifyUpstreamError(error, this.name, req.signal);
    }
  }

  async close(): Promise<void> {
    await this.pool.close().catch(() => this.pool.destroy());
  }
}
