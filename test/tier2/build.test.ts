import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentConfigFromObject, loadAgentConfig } from "../../src/firewall/config/agent.js";
import { ConfigError } from "../../src/firewall/config/errors.js";
import { buildTiers } from "../../src/firewall/tiers.js";
import { loadClassifier } from "../../src/firewall/tier2/load-classifier.js";
import { importContent } from "../../src/training/import.js";
import { trainTier2 } from "../../src/training/trainer.js";
import { bankingLog, toJsonl } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "moat-tier2-build-"));
const base = { name: "Bank", scope: { business: "Retail banking" }, tier1: { enabled: false }, judge: { provider: "none" } };

beforeAll(async () => {
  const trained = await trainTier2({
    agent: agentConfigFromObject(base).config,
    imports: [importContent(toJsonl(bankingLog(40)), "log.jsonl")],
    classifier: await loadClassifier(undefined),
  });
  writeFileSync(join(dir, "model.hbfw"), trained.bytes);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function agentFile(name: string, extra: Record<string, unknown>): string {
  const file = join(dir, name);
  writeFileSync(file, stringify({ ...base, ...extra }));
  return file;
}

describe("Tier 2 in buildTiers", () => {
  it("is there when agent.yaml names a model, resolved against agent.yaml's folder", async () => {
    const built = await buildTiers(loadAgentConfig(agentFile("a.yaml", { tier2: { model_path: "model.hbfw", classifier: "builtin" }, settings: { tier2_min_turns: 4 } })), {});
    const tier = built.tiers.find((t) => t.tier === 2);
    expect(tier?.checksConfidentPasses).toBe(true);
    expect(built.notices.find((n) => n.startsWith("Tier 2:"))).toMatch(/model\.hbfw \(classifier moat-ngram-logistic\/1, trained .*\), active from 4 earlier turn/);
  });

  it("is absent without a model, and options.modelPath adds one", async () => {
    const plain = loadAgentConfig(agentFile("b.yaml", {}));
    expect((await buildTiers(plain, {})).tiers.some((t) => t.tier === 2)).toBe(false);
    copyFileSync(join(dir, "model.hbfw"), join(dir, "other.hbfw"));
    expect((await buildTiers(plain, { modelPath: join(dir, "other.hbfw") })).tiers.some((t) => t.tier === 2)).toBe(true);
  });

  it("fails at start-up, naming the file, when the model is missing or unsafe", async () => {
    await expect(buildTiers(loadAgentConfig(agentFile("c.yaml", { tier2: { model_path: "nope.hbfw" } })), {})).rejects.toThrow(/cannot read model file .*nope\.hbfw/);
    writeFileSync(join(dir, "bad.hbfw"), "PK not really");
    await expect(buildTiers(loadAgentConfig(agentFile("d.yaml", { tier2: { model_path: "bad.hbfw" } })), {})).rejects.toThrow(/bad\.hbfw: not a zip archive/);
  });

  it("rejects unknown keys under tier2", () => {
    expect(() => loadAgentConfig(agentFile("e.yaml", { tier2: { model_path: "model.hbfw", detector_script: "x.py" } }))).toThrow(ConfigError);
    expect(() => loadAgentConfig(agentFile("e.yaml", { tier2: { model_path: "model.hbfw", detector_script: "x.py" } }))).toThrow(/tier2: unknown key "detector_script"/);
  });
});
