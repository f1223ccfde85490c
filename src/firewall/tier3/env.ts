/**
 * Judge settings from the environment. Three families are read, most specific first, so that a
 * Humanbound deployment (HUMANBOUND_FIREWALL_*, or the older HB_FIREWALL_*) moves over unchanged
 * and MOAT_JUDGE_* can override any single value.
 */

export const ENV_PREFIXES = ["MOAT_JUDGE_", "HUMANBOUND_FIREWALL_", "HB_FIREWALL_"] as const;

/** Variable suffix → judge config key. */
export const ENV_FIELDS = {
  PROVIDER: "provider",
  API_KEY: "api_key",
  MODEL: "model",
  BASE_URL: "base_url",
  ENDPOINT: "endpoint",
  DEPLOYMENT: "deployment",
  API_VERSION: "api_version",
} as const;

export type EnvField = (typeof ENV_FIELDS)[keyof typeof ENV_FIELDS];

export interface EnvJudgeSettings {
  values: Partial<Record<EnvField, string>>;
  /** Which variable each value came from, for start-up notices and error messages. */
  sources: Partial<Record<EnvField, string>>;
}

export function judgeSettingsFromEnv(env: NodeJS.ProcessEnv): EnvJudgeSettings {
  const values: Partial<Record<EnvField, string>> = {};
  const sources: Partial<Record<EnvField, string>> = {};
  for (const [suffix, field] of Object.entries(ENV_FIELDS) as [keyof typeof ENV_FIELDS, EnvField][]) {
    for (const prefix of ENV_PREFIXES) {
      const name = `${prefix}${suffix}`;
      const value = env[name]?.trim();
      if (value) {
        values[field] = value;
        sources[field] = name;
        break;
      }
    }
  }
  return { values, sources };
}

/** Each provider's own key variable, used when no judge-specific key is set. */
export const NATIVE_KEY_VARIABLES: Record<string, readonly string[]> = {
  openai: ["OPENAI_API_KEY"],
  azureopenai: ["AZURE_OPENAI_API_KEY"],
  claude: ["ANTHROPIC_API_KEY"],
  gemini: ["GEMINI_API_KEY", "GOOGLE_API_KEY"],
  "openai-compatible": [],
};

export function firstSet(env: NodeJS.ProcessEnv, names: readonly string[]): { value: string; name: string } | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { value, name };
  }
  return undefined;
}
