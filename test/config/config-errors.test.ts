import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { loadProxyConfig } from "../../src/config/proxy-config.js";
import { loadAgentConfig } from "../../src/firewall/config/agent.js";
import { ConfigError } from "../../src/firewall/config/errors.js";
import { Firewall } from "../../src/firewall/firewall.js";
import { BANKING_AGENT } from "../helpers/moat.js";

const ROOT = resolve(import.meta.dirname, "../..");

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "moat-config-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const goodProxy = {
  upstreams: { openai: { base_url: "https://api.openai.com/v1" } },
  routes: [{ name: "support", prefix: "/support", upstream: "openai", agent: "./agent.yaml", mode: "block" }],
};

function proxyError(config: unknown, extraFiles: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}): ConfigError {
  const dir = dirWith({ "agent.yaml": stringify(BANKING_AGENT), "proxy.config.yaml": typeof config === "string" ? config : stringify(config), ...extraFiles });
  try {
    loadProxyConfig(join(dir, "proxy.config.yaml"), env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("proxy.config.yaml errors name the file, the key and what was expected", () => {
  it("bad YAML", () => {
    const error = proxyError("routes: [\n  - name: x\n   bad indent: {");
    expect(error.message).toContain("proxy.config.yaml");
    expect(error.message).toMatch(/invalid YAML at line \d+/);
  });

  it("unknown mode", () => {
    const error = proxyError({ ...goodProxy, routes: [{ ...goodProxy.routes[0], mode: "monitor" }] });
    expect(error.message).toContain("routes[0].mode");
    expect(error.message).toMatch(/block.*log.*passthrough/);
  });

  it("missing agent file", () => {
    const error = proxyError({ ...goodProxy, routes: [{ ...goodProxy.routes[0], agent: "./missing.yaml" }] });
    expect(error.message).toContain("routes[0].agent: file not found");
    expect(error.message).toContain("missing.yaml");
  });

  it("wrong type", () => {
    const error = proxyError({ ...goodProxy, listen: { port: "eighty" } });
    expect(error.message).toContain("listen.port");
    expect(error.message).toMatch(/expected number/i);
  });

  it("unknown upstream, duplicate prefix and a misspelt key", () => {
    const error = proxyError({
      ...goodProxy,
      routes: [
        { ...goodProxy.routes[0], upstream: "azure" },
        { name: "other", prefix: "/support", upstream: "openai", agent: "./agent.yaml", moed: "log" },
      ],
    });
    expect(error.message).toContain('routes[0].upstream: unknown upstream "azure"; expected one of: openai');
    expect(error.message).toContain('routes[1]: unknown key "moed"');
  });

  it("a reserved or unsafe prefix", () => {
    expect(proxyError({ ...goodProxy, routes: [{ ...goodProxy.routes[0], prefix: "/_moat" }] }).message).toContain("reserved");
    expect(proxyError({ ...goodProxy, routes: [{ ...goodProxy.routes[0], prefix: "/a/../b" }] }).message).toContain("routes[0].prefix");
  });

  it("a missing environment variable", () => {
    const error = proxyError({ ...goodProxy, upstreams: { openai: { base_url: "https://api.openai.com/v1", api_key: "${MOAT_TEST_MISSING_KEY}" } } });
    expect(error.message).toContain("MOAT_TEST_MISSING_KEY is not set (used at upstreams.openai.api_key)");
  });

  it("a config file too large to be one", () => {
    const huge = `upstreams:\n${Array.from({ length: 40_000 }, (_, i) => `  u${i}: { base_url: "http://127.0.0.1:${i}/v1" }`).join("\n")}\n`;
    expect(proxyError(huge).message).toMatch(/config files are limited to 1048576/);
  });

  it("a missing config file", () => {
    expect(() => loadProxyConfig("/nonexistent/proxy.config.yaml")).toThrow(/proxy.config.yaml: invalid configuration\n {2}- file not found/);
  });

  it("expands ${VAR} and resolves relative paths against the config folder", () => {
    const dir = dirWith({ "agent.yaml": stringify(BANKING_AGENT), "proxy.config.yaml": stringify({ ...goodProxy, upstreams: { openai: { base_url: "${MOAT_TEST_BASE}", api_key: "${MOAT_TEST_KEY}" } } }) });
    const loaded = loadProxyConfig(join(dir, "proxy.config.yaml"), { MOAT_TEST_BASE: "http://127.0.0.1:1/v1", MOAT_TEST_KEY: "sk-x" });
    expect(loaded.config.upstreams.openai).toMatchObject({ base_url: "http://127.0.0.1:1/v1", api_key: "sk-x" });
    expect(loaded.config.routes[0]?.agent).toBe(join(dir, "agent.yaml"));
    expect(loaded.config.listen).toEqual({ host: "127.0.0.1", port: 8787 });
    expect(loaded.config.routes[0]).toMatchObject({ on_review: "block", fail: "closed", refusal: { style: "completion" }, forward: "sanitized" });
  });

  it("the shipped proxy.config.yaml and agent.yaml are valid", () => {
    const loaded = loadProxyConfig(join(ROOT, "proxy.config.yaml"));
    expect(loaded.config.routes.map((r) => [r.name, r.prefix, r.mode])).toEqual([
      ["support", "/support", "block"],
      ["default", "/", "log"],
    ]);
    const agent = loadAgentConfig(join(ROOT, "agent.yaml")).config;
    expect(agent.settings).toEqual({ timeout: 5, mode: "block", session_window: 5, tier2_min_turns: 3, temperature: 0 });
    expect(agent.intents.restricted).toContain("Close or suspend accounts");
  });

  it("a tier2.model_path that cannot be loaded is a configuration error naming the file and key", async () => {
    const dir = dirWith({ "agent.yaml": `${readFileSync(join(ROOT, "agent.yaml"), "utf8")}\ntier2:\n  model_path: ./missing.hbfw\n` });
    const failed = await Firewall.fromConfig(join(dir, "agent.yaml"), { judge: "none" }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failed).toBeInstanceOf(ConfigError);
    expect((failed as Error).message).toMatch(/agent\.yaml: invalid configuration\n {2}- tier2\.model_path: cannot load .*missing\.hbfw: .*ENOENT.*moat train/);
  });

  it("waits for a silent upstream at least as long as the official OpenAI client does", () => {
    const loaded = loadProxyConfig(join(ROOT, "proxy.config.yaml"));
    const upstream = loaded.config.upstreams["openai"];
    // A shorter wait answers 504, which the client retries: the upstream would run (and bill) the call again.
    expect(upstream?.timeout_ms).toBe(600_000);
    expect(upstream?.timeout_ms).toBeGreaterThanOrEqual(new OpenAI({ apiKey: "sk-test" }).timeout);
  });
});

describe("agent.yaml errors", () => {
  function agentError(agent: unknown): string {
    const dir = dirWith({ "agent.yaml": typeof agent === "string" ? agent : stringify(agent) });
    try {
      loadAgentConfig(join(dir, "agent.yaml"));
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error("expected a ConfigError");
  }

  it("reports wrong types and unknown keys with their paths", () => {
    const message = agentError({ ...BANKING_AGENT, settings: { ...BANKING_AGENT.settings, session_window: "five", tier2_min_turn: 3 } });
    expect(message).toContain("settings.session_window");
    expect(message).toContain('unknown key "tier2_min_turn"');
  });

  it("requires the scope", () => {
    const { scope: _scope, ...rest } = BANKING_AGENT;
    expect(agentError(rest)).toContain("scope");
  });

  it("accepts a minimal Humanbound-style file and fills the documented defaults", () => {
    const dir = dirWith({ "agent.yaml": "name: My Agent\nscope:\n  business: Customer support for Acme\nsettings:\n  mode: log\n" });
    const agent = loadAgentConfig(join(dir, "agent.yaml")).config;
    expect(agent.settings).toEqual({ timeout: 5, mode: "log", session_window: 5, tier2_min_turns: 3, temperature: 0 });
    expect(agent.intents).toEqual({ permitted: [], restricted: [] });
  });
});

describe("moat serve exits non-zero on a broken config", () => {
  it("prints the file and key and exits 2", () => {
    const dir = dirWith({ "agent.yaml": stringify(BANKING_AGENT), "proxy.config.yaml": stringify({ ...goodProxy, routes: [{ ...goodProxy.routes[0], mode: "monitor" }] }) });
    const result = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli.ts"), "serve", "--config", join(dir, "proxy.config.yaml")], { encoding: "utf8", timeout: 30_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(join(dir, "proxy.config.yaml"));
    expect(result.stderr).toContain("routes[0].mode");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
