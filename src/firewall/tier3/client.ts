/**
 * The judge's HTTP client: the `openai` package, loaded only when a judge is configured (it costs
 * several megabytes of memory that a proxy without a judge should not carry).
 */
import OpenAI, { AzureOpenAI } from "openai";
import { DEFAULT_AZURE_API_VERSION, type ResolvedJudge } from "./provider.js";

/** One client per judge; our own code does retries and deadlines, so the SDK's are turned off. */
export function createJudgeClient(judge: ResolvedJudge, timeoutMs: number): OpenAI {
  const common = {
    // A keyless self-hosted server still gets a syntactically valid bearer token.
    apiKey: judge.apiKey ?? "unused",
    // Explicit nulls: the SDK would otherwise read OPENAI_* variables meant for the agent's own client.
    organization: null,
    project: null,
    adminAPIKey: null,
    maxRetries: 0,
    timeout: timeoutMs,
    logLevel: "off" as const,
    // Looked up per call, so fetch instrumentation installed after start-up (tests, tracing) applies.
    fetch: (url: string | URL | Request, init?: RequestInit) => globalThis.fetch(url, init),
  };
  if (judge.provider === "azureopenai") {
    return new AzureOpenAI({
      ...common,
      baseURL: judge.baseURL,
      apiVersion: judge.apiVersion ?? DEFAULT_AZURE_API_VERSION,
      ...(judge.deployment ? { deployment: judge.deployment } : {}),
    });
  }
  return new OpenAI({ ...common, baseURL: judge.baseURL });
}
