/**
 * Which LLM the judge talks to: agent.yaml's `judge:` (or the Firewall option) merged with the
 * environment, checked once at start-up, then one `openai` client per judge. Every provider is
 * reached through the `openai` package: Claude and Gemini through their OpenAI-compatible
 * endpoints, Azure through the AzureOpenAI client.
 */
import { ConfigError, describeZodIssues } from "../config/errors.js";
import { judgeConfigSchema, type JudgeConfig, type JudgeConfigInput, type JudgeProvider } from "./config.js";
import { firstSet, judgeSettingsFromEnv, NATIVE_KEY_VARIABLES, type EnvField } from "./env.js";

export type ActiveProvider = Exclude<JudgeProvider, "none">;

export const DEFAULT_MODELS: Record<ActiveProvider, string | undefined> = {
  openai: "gpt-4o-mini",
  azureopenai: "gpt-4o-mini",
  claude: "claude-haiku-4-5",
  gemini: "gemini-2.5-flash",
  // A self-hosted server serves whatever it loaded; there is no sensible guess.
  "openai-compatible": undefined,
};

export const DEFAULT_BASE_URLS: Record<Exclude<ActiveProvider, "azureopenai" | "openai-compatible">, string> = {
  openai: "https://api.openai.com/v1",
  claude: "https://api.anthropic.com/v1/",
  gemini: "https://generativelanguage.googleapis.com/v1beta/openai/",
};

export const DEFAULT_AZURE_API_VERSION = "2024-10-21";

const PROVIDER_ALIASES: Record<string, ActiveProvider | "none"> = {
  azure: "azureopenai",
  "azure-openai": "azureopenai",
  azure_openai: "azureopenai",
  anthropic: "claude",
  google: "gemini",
  openai_compatible: "openai-compatible",
  compatible: "openai-compatible",
  off: "none",
};

export interface ResolvedJudge {
  provider: ActiveProvider;
  /** The model sent in the request; for Azure, the deployment. */
  model: string;
  /** The client's base URL; for Azure, `<endpoint>/openai` (the deployment path is added per call). */
  baseURL: string;
  apiKey: string | undefined;
  deployment?: string;
  apiVersion?: string;
  /** Where the provider choice came from, for the start-up notice. */
  source: string;
  /** Limits and cache settings. */
  settings: JudgeConfig;
}

export type JudgeResolution = { judge: ResolvedJudge; notice: string } | { judge: undefined; notice: string };

export interface ResolveInput {
  /** Firewall option: replaces agent.yaml's `judge:`; "none" turns the judge off. */
  option?: JudgeConfigInput | "none" | undefined;
  fromAgent?: JudgeConfig | undefined;
  /** The agent file, for error messages. */
  file: string;
  env: NodeJS.ProcessEnv;
}

export const NO_JUDGE_NOTICE = "no judge configured: uncertain requests become review";

const judgeProviderValues = judgeConfigSchema.shape.provider.unwrap().options;

function normalizeProvider(raw: string, source: string): ActiveProvider | "none" {
  const lower = raw.trim().toLowerCase();
  const known = judgeProviderValues.find((p) => p === lower);
  if (known) return known;
  const alias = PROVIDER_ALIASES[lower];
  if (alias) return alias;
  throw new ConfigError(source, [`${source}: unknown judge provider "${raw}"; expected one of ${judgeProviderValues.join(", ")}`]);
}

function parseOption(option: JudgeConfigInput): JudgeConfig {
  const result = judgeConfigSchema.safeParse(option);
  if (!result.success) throw new ConfigError("Firewall options (judge)", describeZodIssues(result.error));
  return result.data;
}

/** Splits a pasted Azure URL (`https://r.openai.azure.com/openai/deployments/x/...?api-version=v`). */
export function splitAzureEndpoint(endpoint: string): { base: string; deployment?: string; apiVersion?: string } {
  const url = new URL(endpoint);
  const deployment = /\/openai\/deployments\/([^/]+)/.exec(url.pathname)?.[1];
  const openaiAt = url.pathname.indexOf("/openai");
  const path = (openaiAt >= 0 ? url.pathname.slice(0, openaiAt) : url.pathname).replace(/\/+$/, "");
  const apiVersion = url.searchParams.get("api-version") ?? undefined;
  return {
    base: `${url.origin}${path}`,
    ...(deployment ? { deployment: decodeURIComponent(deployment) } : {}),
    ...(apiVersion ? { apiVersion } : {}),
  };
}

/**
 * Decides whether there is a judge and which one. Throws ConfigError for a judge that is named
 * but cannot work (unknown provider, missing key, missing base URL), so start-up fails loudly.
 */
export function resolveJudge(input: ResolveInput): JudgeResolution {
  if (input.option === "none") return { judge: undefined, notice: "Tier 3 judge turned off (--judge none): uncertain requests become review" };
  const base = input.option ? parseOption(input.option) : input.fromAgent;
  const baseSource = input.option ? "Firewall options (judge)" : input.file;
  if (base?.provider === "none") return { judge: undefined, notice: `Tier 3 judge turned off (judge.provider: none in ${baseSource}): uncertain requests become review` };

  const fromEnv = judgeSettingsFromEnv(input.env);
  const envProvider = fromEnv.values.provider ? normalizeProvider(fromEnv.values.provider, fromEnv.sources.provider ?? "environment") : undefined;

  const provider = base?.provider ?? envProvider;
  if (provider === undefined) {
    const named = base && (base.model ?? base.api_key ?? base.base_url ?? base.endpoint ?? base.deployment);
    if (named) throw new ConfigError(baseSource, ["judge.provider: not set (set it here or in MOAT_JUDGE_PROVIDER)"]);
    return { judge: undefined, notice: `${NO_JUDGE_NOTICE} (set judge: in agent.yaml or MOAT_JUDGE_PROVIDER)` };
  }
  if (provider === "none") return { judge: undefined, notice: `Tier 3 judge turned off (${fromEnv.sources.provider}=none): uncertain requests become review` };

  // Environment values fill gaps, but only when they describe the same provider: a key for one
  // vendor must never be sent to another.
  const envApplies = envProvider === undefined || envProvider === provider;
  const pick = (field: EnvField): { value: string; from: string } | undefined => {
    const own = base?.[field];
    if (typeof own === "string") return { value: own, from: baseSource };
    const value = envApplies ? fromEnv.values[field] : undefined;
    return value ? { value, from: fromEnv.sources[field] ?? "environment" } : undefined;
  };

  const settings = base ?? judgeConfigSchema.parse({});
  const errorsAt = base?.provider ? baseSource : (fromEnv.sources.provider ?? "environment");
  const source = base?.provider ? baseSource : `environment (${fromEnv.sources.provider})`;

  const apiKey = pick("api_key")?.value ?? firstSet(input.env, NATIVE_KEY_VARIABLES[provider] ?? [])?.value;
  const needsKey = provider !== "openai-compatible";
  if (needsKey && !apiKey) {
    const names = ["judge.api_key", "MOAT_JUDGE_API_KEY", ...(NATIVE_KEY_VARIABLES[provider] ?? [])];
    throw new ConfigError(errorsAt, [`the ${provider} judge needs an API key: set one of ${names.join(", ")}`]);
  }
  const model = pick("model")?.value;

  if (provider === "azureopenai") {
    const endpointSetting = pick("endpoint") ?? pick("base_url") ?? firstSetAs(input.env, ["AZURE_OPENAI_ENDPOINT"]);
    if (!endpointSetting) throw new ConfigError(errorsAt, ["the azureopenai judge needs an endpoint: set judge.endpoint or MOAT_JUDGE_ENDPOINT (https://<resource>.openai.azure.com)"]);
    let split: ReturnType<typeof splitAzureEndpoint>;
    try {
      split = splitAzureEndpoint(endpointSetting.value);
    } catch {
      throw new ConfigError(errorsAt, [`${endpointSetting.from}: not a URL: ${endpointSetting.value}`]);
    }
    const deployment = pick("deployment")?.value ?? split.deployment ?? model ?? (DEFAULT_MODELS.azureopenai as string);
    const apiVersion = pick("api_version")?.value ?? split.apiVersion ?? firstSet(input.env, ["OPENAI_API_VERSION"])?.value ?? DEFAULT_AZURE_API_VERSION;
    const judge: ResolvedJudge = { provider, model: deployment, baseURL: `${split.base}/openai`, apiKey, deployment, apiVersion, source, settings };
    return { judge, notice: describeJudge(judge) };
  }

  const baseURL = pick("base_url")?.value ?? (provider === "openai-compatible" ? undefined : DEFAULT_BASE_URLS[provider]);
  if (!baseURL) throw new ConfigError(errorsAt, ["the openai-compatible judge needs a base URL: set judge.base_url or MOAT_JUDGE_BASE_URL (e.g. http://127.0.0.1:11434/v1)"]);
  const resolvedModel = model ?? DEFAULT_MODELS[provider];
  if (!resolvedModel) throw new ConfigError(errorsAt, ["the openai-compatible judge needs a model: set judge.model or MOAT_JUDGE_MODEL"]);
  const judge: ResolvedJudge = { provider, model: resolvedModel, baseURL, apiKey, source, settings };
  return { judge, notice: describeJudge(judge) };
}

function firstSetAs(env: NodeJS.ProcessEnv, names: readonly string[]): { value: string; from: string } | undefined {
  const found = firstSet(env, names);
  return found ? { value: found.value, from: found.name } : undefined;
}

export function describeJudge(judge: ResolvedJudge): string {
  const where = judge.provider === "azureopenai" ? `${judge.baseURL}/deployments/${judge.deployment} (api-version ${judge.apiVersion})` : judge.baseURL;
  return `Tier 3 judge: ${judge.provider} ${judge.model} at ${where} (from ${judge.source})`;
}
