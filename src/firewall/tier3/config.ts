/** Tier 3 judge configuration in agent.yaml (`judge:`); the environment can supply it too. */
import { z } from "zod";

export const judgeProviderSchema = z.enum(["openai", "azureopenai", "claude", "gemini", "openai-compatible", "none"]);
export type JudgeProvider = z.infer<typeof judgeProviderSchema>;

export const judgeConfigSchema = z
  .object({
    provider: judgeProviderSchema,
    model: z.string().min(1).optional(),
    api_key: z.string().optional(),
    base_url: z.string().optional(),
    endpoint: z.string().optional(),
    deployment: z.string().optional(),
    api_version: z.string().optional(),
  })
  .strict();
export type JudgeConfig = z.output<typeof judgeConfigSchema>;
