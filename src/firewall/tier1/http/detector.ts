/**
 * An attack-detection API (Azure AI Content Safety Prompt Shields, Lakera Guard, an in-house
 * service): one request per text, the verdict read at response_path. Errors, non-2xx answers,
 * bodies that are not JSON or do not have the expected shape all fail the detector loudly.
 */
import type { HttpDetectorConfig } from "../config.js";
import type { Detector, ScanContext, ScanInput, Source, Thresholds } from "../detector.js";
import { DetectorError } from "../detector.js";
import { DetectorSetupError } from "../setup-error.js";
import { asScore, parseResponsePath, ResponsePathError, walk, type PathSegment } from "./response-path.js";
import { substitute, substituteString, type Variables } from "./substitute.js";

export const DEFAULT_HTTP_TIMEOUT_MS = 2000;

export interface HttpDetectorOptions {
  config: HttpDetectorConfig;
  thresholds: Record<Source, Thresholds>;
}

interface Request {
  payload: unknown;
  path: PathSegment[];
  pathText: string;
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

export class HttpDetector implements Detector {
  readonly kind = "http";
  readonly name: string;
  readonly scan?: readonly Source[];
  readonly timeoutMs: number;
  private readonly host: string;
  private readonly prompt: Request;
  private readonly tool: Request;

  constructor(private readonly options: HttpDetectorOptions) {
    const { config } = options;
    this.host = new URL(config.endpoint).host;
    this.name = config.name ?? `http:${this.host}`;
    if (config.scan) this.scan = config.scan;
    this.timeoutMs = config.timeout_ms ?? DEFAULT_HTTP_TIMEOUT_MS;
    const parse = (path: string): PathSegment[] => {
      try {
        return parseResponsePath(path);
      } catch (error) {
        throw new DetectorSetupError((error as Error).message);
      }
    };
    this.prompt = { payload: config.payload, path: parse(config.response_path), pathText: config.response_path };
    const toolPath = config.tool_response_path ?? config.response_path;
    this.tool = { payload: config.tool_payload ?? config.payload, path: parse(toolPath), pathText: toolPath };
  }

  thresholds(source: Source): Thresholds {
    return this.options.thresholds[source];
  }

  async score(input: ScanInput, context: ScanContext, signal: AbortSignal): Promise<number> {
    const { config } = this.options;
    const request = input.source === "tool" ? this.tool : this.prompt;
    const vars: Variables = { PROMPT: input.text, CONVERSATION: context.transcript };
    const url = substituteString(config.endpoint, vars, encodeURIComponent);
    const init: RequestInit = {
      method: config.method,
      headers: { accept: "application/json", ...(request.payload !== undefined ? { "content-type": "application/json" } : {}), ...config.headers },
      signal,
    };
    if (request.payload !== undefined) init.body = JSON.stringify(substitute(request.payload, vars));

    let response: Response;
    try {
      response = await fetch(url, init);
    } catch (error) {
      if (signal.aborted) throw error;
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new DetectorError(`request to ${this.host} failed: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) throw new DetectorError(`HTTP ${response.status} from ${this.host}${text ? `: ${snippet(text)}` : ""}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new DetectorError(`response from ${this.host} is not JSON: ${snippet(text) || "(empty body)"}`);
    }
    try {
      return asScore(walk(body, request.path), request.pathText);
    } catch (error) {
      if (error instanceof ResponsePathError) throw new DetectorError(`response from ${this.host} does not fit response_path ${request.pathText}: ${error.message}`);
      throw error;
    }
  }
}
