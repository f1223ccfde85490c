/** Which judge runs: agent.yaml, Firewall options, and the three families of environment variables. */
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { agentConfigFromObject } from "../../src/firewall/config/agent.js";
import { ConfigError } from "../../src/firewall/config/errors.js";
import { Firewall } from "../../src/firewall/firewall.js";
import { buildTiers } from "../../src/firewall/tiers.js";
import { buildJudge } from "../../src/firewall/tier3/index.js";
import { resolveJudge, splitAzureEndpoint, type ResolvedJudge } from "../../src/firewall/tier3/provider.js";
import { BANK_AGENT, conversationOf, sseBody } from "./helpers.js";

function fromEnv(env: NodeJS.ProcessEnv, agentJudge?: Record<string, unknown>): ResolvedJudge | undefined {
  const agent = agentConfigFromObject({ ...BANK_AGENT, ...(agentJudge ? { judge: agentJudge } : {}) }, "/tmp", {});
  return resolveJudge({ fromAgent: agent.config.judge, file: "agent.yaml", env }).judge;
}

describe("resolution", () => {
  it("nothing configured: no judge, and a notice that says what that means", () => {
    const resolution = resolveJudge({ file: "agent.yaml", env: {} });
    expect(resolution.judge).toBeUndefined();
    expect(resolution.notice).toContain("no judge configured: uncertain requests become review");
  });

  it.each([
    ["MOAT_JUDGE_", "claude", "https://api.anthropic.com/v1/", "claude-haiku-4-5"],
    ["HUMANBOUND_FIREWALL_", "gemini", "https://generativelanguage.googleapis.com/v1beta/openai/", "gemini-2.5-flash"],
    ["HB_FIREWALL_", "openai", "https://api.openai.com/v1", "gpt-4o-mini"],
  ])("%s* selects a provider with its endpoint and default model", (prefix, provider, baseURL, model) => {
    const judge = fromEnv({ [`${prefix}PROVIDER`]: provider, [`${prefix}API_KEY`]: "k-123" });
    expect(judge).toMatchObject({ provider, baseURL, model, apiKey: "k-123" });
    expect(judge?.source).toContain(`${prefix}PROVIDER`);
  });

  it("MOAT_JUDGE_* wins over HUMANBOUND_FIREWALL_*, which wins over HB_FIREWALL_*, value by value", () => {
    const judge = fromEnv({
      HB_FIREWALL_PROVIDER: "openai",
      HB_FIREWALL_API_KEY: "hb-key",
      HB_FIREWALL_MODEL: "hb-model",
      HUMANBOUND_FIREWALL_API_KEY: "humanbound-key",
      MOAT_JUDGE_MODEL: "moat-model",
    });
    expect(judge).toMatchObject({ provider: "openai", apiKey: "humanbound-key", model: "moat-model" });
  });

  it("agent.yaml's judge section wins over the environment", () => {
    const judge = fromEnv({ MOAT_JUDGE_MODEL: "env-model", MOAT_JUDGE_API_KEY: "env-key" }, { provider: "openai", model: "yaml-model" });
    expect(judge).toMatchObject({ provider: "openai", model: "yaml-model", apiKey: "env-key" });
  });

  it("a key meant for another provider is never used", () => {
    expect(() => fromEnv({ MOAT_JUDGE_PROVIDER: "claude", MOAT_JUDGE_API_KEY: "anthropic-key" }, { provider: "openai" })).toThrow(ConfigError);
  });

  it("falls back to the provider's own key variable", () => {
    expect(fromEnv({ MOAT_JUDGE_PROVIDER: "anthropic", ANTHROPIC_API_KEY: "a-key" })).toMatchObject({ provider: "claude", apiKey: "a-key" });
    expect(fromEnv({ MOAT_JUDGE_PROVIDER: "gemini", GOOGLE_API_KEY: "g-key" })).toMatchObject({ provider: "gemini", apiKey: "g-key" });
  });

  it("a named provider without a key fails at start-up, naming the variables", () => {
    expect(() => fromEnv({ MOAT_JUDGE_PROVIDER: "openai" })).toThrow(/MOAT_JUDGE_API_KEY.*OPENAI_API_KEY/);
  });

  it("an unknown provider fails at start-up", () => {
    expect(() => fromEnv({ HUMANBOUND_FIREWALL_PROVIDER: "mistral", HUMANBOUND_FIREWALL_API_KEY: "k" })).toThrow(/unknown judge provider "mistral"/);
  });

  it("judge settings without a provider anywhere are an error, not a silent no-judge", () => {
    expect(() => fromEnv({}, { model: "gpt-4.1" })).toThrow(/judge.provider/);
  });

  it("openai-compatible needs base_url and model, not a key", () => {
    expect(() => fromEnv({ MOAT_JUDGE_PROVIDER: "openai-compatible", MOAT_JUDGE_MODEL: "llama3" })).toThrow(/base URL/);
    expect(() => fromEnv({ MOAT_JUDGE_PROVIDER: "openai-compatible", MOAT_JUDGE_BASE_URL: "http://127.0.0.1:11434/v1" })).toThrow(/needs a model/);
    const judge = fromEnv({ MOAT_JUDGE_PROVIDER: "openai-compatible", MOAT_JUDGE_BASE_URL: "http://127.0.0.1:11434/v1", MOAT_JUDGE_MODEL: "llama3" });
    expect(judge).toMatchObject({ provider: "openai-compatible", baseURL: "http://127.0.0.1:11434/v1", model: "llama3", apiKey: undefined });
  });

  it("provider none, or the option none, turns the judge off even when the environment names one", () => {
    const env = { MOAT_JUDGE_PROVIDER: "openai", MOAT_JUDGE_API_KEY: "k" };
    expect(fromEnv(env, { provider: "none" })).toBeUndefined();
    const off = resolveJudge({ option: "none", file: "agent.yaml", env });
    expect(off.judge).toBeUndefined();
    expect(off.notice).toContain("--judge none");
  });

  it("azureopenai from the environment: endpoint, deployment from the model, api version", () => {
    const judge = fromEnv({
      HUMANBOUND_FIREWALL_PROVIDER: "azureopenai",
      HUMANBOUND_FIREWALL_API_KEY: "az-key",
      HUMANBOUND_FIREWALL_MODEL: "gpt-4.1",
      HUMANBOUND_FIREWALL_ENDPOINT: "https://my-resource.openai.azure.com/",
      HUMANBOUND_FIREWALL_API_VERSION: "2025-01-01-preview",
    });
    expect(judge).toMatchObject({ provider: "azureopenai", baseURL: "https://my-resource.openai.azure.com/openai", deployment: "gpt-4.1", apiVersion: "2025-01-01-preview" });
  });

  it("azureopenai accepts a pasted deployment URL", () => {
    expect(splitAzureEndpoint("https://r.openai.azure.com/openai/deployments/judge-dep/chat/completions?api-version=2024-10-21")).toEqual({
      base: "https://r.openai.azure.com",
      deployment: "judge-dep",
      apiVersion: "2024-10-21",
    });
    expect(() => fromEnv({ MOAT_JUDGE_PROVIDER: "azureopenai", MOAT_JUDGE_API_KEY: "k" })).toThrow(/endpoint/);
  });

  it("a Firewall option replaces agent.yaml's judge and is validated", () => {
    const option = resolveJudge({ option: { provider: "openai", api_key: "opt-key", model: "gpt-4.1-mini" }, fromAgent: undefined, file: "agent.yaml", env: {} });
    expect(option.judge).toMatchObject({ provider: "openai", model: "gpt-4.1-mini", apiKey: "opt-key" });
    expect(() => resolveJudge({ option: { provider: "openai", api_key: "k", base_url: "not a url" }, file: "agent.yaml", env: {} })).toThrow(ConfigError);
  });

  it("agent.yaml rejects unknown judge keys", () => {
    expect(() => agentConfigFromObject({ ...BANK_AGENT, judge: { provider: "openai", modle: "x" } }, "/tmp", {})).toThrow(/modle/);
  });
});

describe("the requests each provider makes", () => {
  const server = setupServer();
  const seen: { url: string; auth: string | null; apiKey: string | null; model: string }[] = [];
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    server.resetHandlers();
    seen.length = 0;
  });
  afterAll(() => server.close());

  function answerAt(url: string): void {
    server.use(
      http.post(url, async ({ request }) => {
        const body = (await request.json()) as { model: string };
        seen.push({ url: request.url, auth: request.headers.get("authorization"), apiKey: request.headers.get("api-key"), model: body.model });
        return new HttpResponse(sseBody(["P"]), { headers: { "content-type": "text/event-stream" } });
      }),
    );
  }

  async function evaluateWith(env: NodeJS.ProcessEnv): Promise<void> {
    const agent = agentConfigFromObject(BANK_AGENT, "/tmp", {});
    const { tier } = await buildJudge(agent, { env });
    if (!tier) throw new Error("no judge built");
    const outcome = await tier.evaluate(conversationOf("what is my balance"), new AbortController().signal);
    expect(outcome.decision).toBe("pass");
    await tier.close();
  }

  it("openai", async () => {
    answerAt("https://api.openai.com/v1/chat/completions");
    await evaluateWith({ MOAT_JUDGE_PROVIDER: "openai", MOAT_JUDGE_API_KEY: "sk-test" });
    expect(seen).toEqual([{ url: "https://api.openai.com/v1/chat/completions", auth: "Bearer sk-test", apiKey: null, model: "gpt-4o-mini" }]);
  });

  it("claude, through Anthropic's OpenAI-compatible endpoint", async () => {
    answerAt("https://api.anthropic.com/v1/chat/completions");
    await evaluateWith({ HUMANBOUND_FIREWALL_PROVIDER: "claude", HUMANBOUND_FIREWALL_API_KEY: "sk-ant" });
    expect(seen[0]).toMatchObject({ auth: "Bearer sk-ant", model: "claude-haiku-4-5" });
  });

  it("gemini, through Google's OpenAI-compatible endpoint", async () => {
    answerAt("https://generativelanguage.googleapis.com/v1beta/openai/chat/completions");
    await evaluateWith({ HB_FIREWALL_PROVIDER: "gemini", HB_FIREWALL_API_KEY: "g-key", HB_FIREWALL_MODEL: "gemini-2.5-pro" });
    expect(seen[0]).toMatchObject({ auth: "Bearer g-key", model: "gemini-2.5-pro" });
  });

  it("azureopenai uses the deployment URL, api-version and the api-key header", async () => {
    answerAt("https://my-resource.openai.azure.com/openai/deployments/judge-dep/chat/completions");
    await evaluateWith({
      MOAT_JUDGE_PROVIDER: "azureopenai",
      MOAT_JUDGE_API_KEY: "az-key",
      MOAT_JUDGE_ENDPOINT: "https://my-resource.openai.azure.com",
      MOAT_JUDGE_DEPLOYMENT: "judge-dep",
      MOAT_JUDGE_API_VERSION: "2024-10-21",
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe("https://my-resource.openai.azure.com/openai/deployments/judge-dep/chat/completions?api-version=2024-10-21");
    expect(seen[0]!.apiKey).toBe("az-key");
    expect(seen[0]!.auth).toBeNull();
  });

  it("openai-compatible at any base URL", async () => {
    answerAt("http://vllm.internal:8000/v1/chat/completions");
    await evaluateWith({ MOAT_JUDGE_PROVIDER: "openai-compatible", MOAT_JUDGE_BASE_URL: "http://vllm.internal:8000/v1", MOAT_JUDGE_MODEL: "qwen2.5-7b" });
    expect(seen[0]).toMatchObject({ model: "qwen2.5-7b" });
  });
});

describe("buildTiers and the Firewall", () => {
  const env = { MOAT_JUDGE_PROVIDER: "openai", MOAT_JUDGE_API_KEY: "sk-test" };

  it("builds Tier 3 when a judge is configured, with a notice naming it", async () => {
    const built = await buildTiers(agentConfigFromObject(BANK_AGENT, "/tmp", {}), { env });
    const judge = built.tiers.find((t) => t.tier === 3);
    expect(judge?.name).toBe("judge");
    expect(built.notices.join("\n")).toMatch(/Tier 3 judge: openai gpt-4o-mini/);
    await judge?.close?.();
  });

  it('{ judge: "none" } leaves Tier 3 out and says so', async () => {
    const built = await buildTiers(agentConfigFromObject(BANK_AGENT, "/tmp", {}), { env, judge: "none" });
    expect(built.tiers.some((t) => t.tier === 3)).toBe(false);
    expect(built.notices.join("\n")).toContain("uncertain requests become review");
  });

  it("no judge configured: the firewall's notices say so", async () => {
    const firewall = await Firewall.fromConfig(agentConfigFromObject(BANK_AGENT, "/tmp", {}), { env: {} });
    expect(firewall.tiers.some((t) => t.tier === 3)).toBe(false);
    expect(firewall.notices.join("\n")).toContain("no judge configured: uncertain requests become review");
  });
});
