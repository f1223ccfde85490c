/**
 * Tier 3 judge configuration in agent.yaml (`judge:`). Every key is optional: the environment
 * (MOAT_JUDGE_*, HUMANBOUND_FIREWALL_*, HB_FIREWALL_*) can supply the provider and credentials,
 * so an agent.yaml written for the Humanbound firewall works unchanged.
 */
import { z } from "zod";

export const JUDGE_PROVIDERS = ["openai", "azureopenai", "claude", "gemini", "openai-compatible", "none"] as const;
export const judgeProviderSchema = z.enum(JUDGE_PROVIDERS);
export type JudgeProvider = z.infer<typeof judgeProviderSchema>;

const httpUrl = z
  .string()
  .min(1)
  .refine((value) => /^https?:\/\/[^\s]+$/i.test(value), { message: "expected an http(s) URL" });

export const judgeCacheSchema = z
  .object({
    /** 0 turns the cache off. */
    max_entries: z.number().int().min(0).max(1_000_000).default(1000),
    ttl_seconds: z.number().positive().max(86_400).default(60),
  })
  .strict();
export type JudgeCacheConfig = z.output<typeof judgeCacheSchema>;

export const judgeConfigSchema = z
  .object({
    /** `none` turns the judge off even when the environment names a provider. */
    provider: judgeProviderSchema.optional(),
    /** Model name; for azureopenai the deployment name when `deployment` is not given. */
    model: z.string().min(1).optional(),
    api_key: z.string().min(1).optional(),
    /** Overrides the provider's API base URL; required for openai-compatible (vLLM, Ollama...). */
    base_url: httpUrl.optional(),
    /** Azure OpenAI resource endpoint, e.g. https://my-resource.openai.azure.com. */
    endpoint: httpUrl.optional(),
    /** Azure OpenAI deployment name. */
    deployment: z.string().min(1).optional(),
    /** Azure OpenAI api-version. */
    api_version: z.string().min(1).optional(),
    /** Sent as max_tokens when set; the reason is bounded by max_reason_chars regardless. */
    max_tokens: z.number().int().min(1).max(4096).optional(),
    /** How much of the judge's reason is kept; the stream is cut once this much has arrived. */
    max_reason_chars: z.number().int().min(0).max(10_000).default(400),
    /** Each earlier turn (user or agent side) is cut to this length in the judge's prompt. */
    max_turn_chars: z.number().int().min(50).max(100_000).default(1000),
    /** The judged message and each tool result are cut to this length (head and tail kept). */
    max_prompt_chars: z.number().int().min(200).max(1_000_000).default(8000),
    cache: judgeCacheSchema.default({ max_entries: 1000, ttl_seconds: 60 }),
  })
  .strict();

export type JudgeConfig = z.output<typeof judgeConfigSchema>;
/** What a caller may pass (Firewall options, tests): defaulted keys may be left out. */
export type JudgeConfigInput = z.input<typeof judgeConfigSchema>;
