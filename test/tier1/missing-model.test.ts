/** A missing shipped model is a broken install: start-up fails loudly instead of running without Tier 1. */
import { describe, expect, it, vi } from "vitest";

vi.mock("../../src/firewall/tier1/builtin/index.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/firewall/tier1/builtin/index.js")>();
  return {
    ...actual,
    loadBuiltinDetector: () => {
      throw new Error('unknown built-in detector "moat-injection-v1"; available: none');
    },
  };
});

const { Firewall } = await import("../../src/firewall/firewall.js");
const { ConfigError } = await import("../../src/firewall/config/errors.js");
const { BANKING_AGENT } = await import("../helpers/moat.js");

describe("the default built-in detector missing", () => {
  it("stops start-up with a ConfigError that says what to do", async () => {
    const error = await Firewall.fromConfig(BANKING_AGENT, { judge: "none" }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain("tier1.detectors (default)");
    expect((error as Error).message).toContain("reinstall Moat, or set tier1.enabled: false");
  });

  it("tier1.enabled: false runs without Tier 1 on purpose", async () => {
    const firewall = await Firewall.fromConfig({ ...BANKING_AGENT, tier1: { enabled: false } }, { judge: "none" });
    expect(firewall.tiers.some((t) => t.tier === 1)).toBe(false);
    expect(firewall.notices.join("\n")).toContain("tier1.enabled: false");
  });
});
