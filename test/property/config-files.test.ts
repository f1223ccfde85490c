/**
 * Config files that are malformed, truncated or hostile: loading either succeeds or fails with a
 * ConfigError naming the file, never another exception, a hang, or a polluted prototype. The
 * shipped proxy.config.yaml and agent.yaml are cut at every byte and mutated at random.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { loadProxyConfig, proxyConfigSchema } from "../../src/config/proxy-config.js";
import { agentConfigSchema, loadAgentConfig } from "../../src/firewall/config/agent.js";
import { ConfigError } from "../../src/firewall/config/errors.js";
import { parseYamlText, validateConfig } from "../../src/firewall/config/yaml-file.js";

const ROOT = resolve(import.meta.dirname, "../..");
const PROXY_TEXT = readFileSync(join(ROOT, "proxy.config.yaml"), "utf8");
const AGENT_TEXT = readFileSync(join(ROOT, "agent.yaml"), "utf8");
const ENV = { OPENAI_API_KEY: "sk-test" };
const dir = mkdtempSync(join(tmpdir(), "moat-config-prop-"));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The yaml package reports unresolved tags through process warnings; they are expected here.
process.removeAllListeners("warning");

type Loader = (text: string) => unknown;
const loaders: Record<string, Loader> = {
  "proxy.config.yaml": (text) => parseYamlText("proxy.config.yaml", text, proxyConfigSchema, ENV),
  "agent.yaml": (text) => parseYamlText("agent.yaml", text, agentConfigSchema, ENV),
};

/** Loads and returns "ok" or "config-error"; anything else thrown fails the test. */
function outcome(load: Loader, text: string): "ok" | "config-error" {
  try {
    load(text);
    return "ok";
  } catch (error) {
    if (error instanceof ConfigError) {
      expect(error.problems.length).toBeGreaterThan(0);
      return "config-error";
    }
    throw new Error(`not a ConfigError for ${JSON.stringify(text.slice(0, 120))}: ${String(error)}`);
  }
}

describe("truncated files", () => {
  for (const [name, text] of [["proxy.config.yaml", PROXY_TEXT], ["agent.yaml", AGENT_TEXT]] as const) {
    it(`${name} cut at every byte loads or fails with a ConfigError`, () => {
      const load = loaders[name] as Loader;
      expect(outcome(load, text)).toBe("ok");
      const seen = { ok: 0, "config-error": 0 };
      for (let cut = 0; cut < text.length; cut++) seen[outcome(load, text.slice(0, cut))]++;
      expect(seen["config-error"]).toBeGreaterThan(0);
    });
  }
});

describe("mutated files", () => {
  const yamlNoise = fc.oneof(
    fc.constantFrom(":", "-", " ", "\n", "\t", "[", "]", "{", "}", "'", '"', "#", "&a", "*a", "!!str", "!tag", "|", ">", "%YAML", "---", "...", "${X}", "${", "\u0000", "\uFEFF", "\uD800", "ä", "0x10", "~", "null", "yes", "1e999"),
    fc.string({ maxLength: 6 }),
  );
  const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 8 }), insert: fc.array(yamlNoise, { maxLength: 4 }).map((p) => p.join("")) });

  for (const [name, text] of [["proxy.config.yaml", PROXY_TEXT], ["agent.yaml", AGENT_TEXT]] as const) {
    it(`${name} with random edits loads or fails with a ConfigError (thousands of cases)`, () => {
      const load = loaders[name] as Loader;
      fc.assert(
        fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
          let mutated = text;
          for (const e of edits) {
            const at = e.at % (mutated.length + 1);
            mutated = mutated.slice(0, at) + e.insert + mutated.slice(at + e.remove);
          }
          outcome(load, mutated);
        }),
        { numRuns: 1500 },
      );
    });
  }

  it("arbitrary values where the config expects its keys load or fail with a ConfigError", () => {
    const base = JSON.parse(JSON.stringify(validateConfig("p", parseYamlText("p", PROXY_TEXT, proxyConfigSchema, ENV), proxyConfigSchema, ENV))) as Record<string, unknown>;
    const paths = [["listen"], ["listen", "port"], ["upstreams"], ["upstreams", "openai"], ["upstreams", "openai", "base_url"], ["upstreams", "openai", "timeout_ms"], ["routes"], ["routes", 0], ["routes", 0, "mode"], ["routes", 0, "prefix"], ["routes", 0, "refusal"], ["limits"], ["events"]] as const;
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.anything({ maxDepth: 3 }), (path, value) => {
        const config = structuredClone(base) as Record<string | number, unknown>;
        let node = config;
        for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
        node[path[path.length - 1] as string | number] = value;
        let yamlText: string;
        try {
          yamlText = stringify(config);
        } catch {
          return;
        }
        outcome(loaders["proxy.config.yaml"] as Loader, yamlText);
      }),
      { numRuns: 800 },
    );
  });
});

describe("hostile files", () => {
  const laughs = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...["b", "c", "d", "e", "f", "g", "h", "i"].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(",")}]`),
  ].join("\n");
  const cases: [string, string][] = [
    ["an alias bomb (billion laughs)", laughs],
    ["deeply nested flow sequences", `upstreams: ${"[".repeat(20_000)}${"]".repeat(20_000)}`],
    ["deeply nested block mappings", `routes:\n${Array.from({ length: 5000 }, (_, i) => `${" ".repeat(i + 1)}k${i}:`).join("\n")}`],
    ["a __proto__ key", "__proto__: { polluted: 1 }\nconstructor: { prototype: { polluted: 1 } }\nupstreams: { u: { base_url: 'http://127.0.0.1:1/v1', __proto__: { polluted: 1 } } }\nroutes: []"],
    ["JS-specific tags", "upstreams: !!js/function 'function(){}'\nroutes: !!js/regexp /x/"],
    ["binary garbage", "\u0000\u0001\u0002\uFFFE\uD800"],
    ["a 5 MB scalar", `name: ${"x".repeat(5_000_000)}`],
    // (yaml checks duplicate keys in quadratic time: 32k keys in one map take ~9 s to parse, so the size here stays modest.)
    ["2000 unknown keys", Array.from({ length: 2000 }, (_, i) => `k${i}: ${i}`).join("\n")],
    ["an environment reference that expands to another reference", "upstreams: { u: { base_url: '${MOAT_TEST_INDIRECT}', api_key: '${MOAT_TEST_INDIRECT}' } }\nroutes: []"],
    ["a missing environment variable", "upstreams: { u: { base_url: 'http://127.0.0.1/v1', api_key: '${MOAT_TEST_NOT_SET_ANYWHERE}' } }\nroutes: []"],
    ["multiple documents", "---\nupstreams: {}\n---\nroutes: []\n"],
    ["a UTF-16 file read as UTF-8", Buffer.from(PROXY_TEXT, "utf16le").toString("utf8")],
  ];

  for (const [name, text] of cases) {
    it(`${name}: a ConfigError, no pollution, no escape`, () => {
      for (const load of Object.values(loaders)) {
        expect(outcome((t) => load(t), text)).toBe("config-error");
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it("an environment value is not expanded twice", () => {
    const env = { MOAT_TEST_INDIRECT: "${MOAT_TEST_SECRET}", MOAT_TEST_SECRET: "leaked" };
    const config = parseYamlText("p", "upstreams: { u: { base_url: 'http://127.0.0.1/v1', api_key: '${MOAT_TEST_INDIRECT}' } }\nroutes: [{ name: r, prefix: /, upstream: u, agent: a.yaml }]", proxyConfigSchema, env);
    expect(config.upstreams.u?.api_key).toBe("${MOAT_TEST_SECRET}");
  });

  it("files that are not files: a directory, a missing path, an empty file", () => {
    const folder = join(dir, "a-folder.yaml");
    mkdirSync(folder, { recursive: true });
    const empty = join(dir, "empty.yaml");
    writeFileSync(empty, "");
    for (const file of [folder, join(dir, "missing.yaml"), empty]) {
      expect(() => loadProxyConfig(file, ENV)).toThrow(ConfigError);
      expect(() => loadAgentConfig(file, ENV)).toThrow(ConfigError);
      try {
        loadProxyConfig(file, ENV);
      } catch (error) {
        expect((error as Error).message).toContain(file);
      }
    }
  });
});
