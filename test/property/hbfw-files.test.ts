/**
 * .hbfw model files that are truncated, corrupted or hostile: reading one either gives back the
 * model or fails with the loader's own errors (HbfwError, ArchiveError) naming the file; never
 * another exception, a hang, or a write outside memory. Complements test/tier2/hbfw.test.ts,
 * which builds each hostile case by hand.
 */
import fc from "fast-check";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { decodeHbfw, encodeHbfw, HBFW_FORMAT, HbfwError, type HbfwConfig } from "../../src/firewall/tier2/hbfw.js";
import { ArchiveError } from "../../src/firewall/tier2/zip-guard.js";

const config: Omit<HbfwConfig, "weights"> = {
  format: HBFW_FORMAT,
  format_version: 1,
  created_at: "2025-01-01T00:00:00.000Z",
  agent: { name: "Property Agent", version: "1" },
  classifier: { id: "property/1" },
  context: { turns: 2, message_chars: 400 },
  training: {
    sources: [{ file: "logs.jsonl", format: "humanbound", conversations: 4, turns: 8, attack_samples: 2, benign_samples: 6 }],
    samples: { attack: 2, benign: 6, permitted_intents: 1, attack_background: 1, benign_background: 1 },
    strata: { attack: { restriction_bypass: 2 }, benign: { first_time_user_experience: 6 } },
    validation_fraction: 0.2,
    seed: 1,
  },
  validation: {
    conversations: 2,
    attack_turns: 1,
    benign_turns: 2,
    attack_caught_rate: 1,
    attack_escalated_rate: 0,
    attack_passed_rate: 0,
    benign_pass_rate: 1,
    benign_escalated_rate: 0,
    benign_blocked_rate: 0,
    escalation_rate: 0,
    settled_rate: 1,
    error_rate: 0,
  },
};

const good = await encodeHbfw(config, { w: new Float32Array([0.5, -1, 2, 4]) }, { w: new Float64Array([1, 2]) });

/** "ok" when the model loads, "refused" for the loader's own errors; anything else fails the test. */
async function outcome(bytes: Uint8Array): Promise<"ok" | "refused"> {
  try {
    await decodeHbfw(bytes, "fuzzed.hbfw");
    return "ok";
  } catch (error) {
    if (error instanceof HbfwError || error instanceof ArchiveError) {
      expect(error.message).toContain("fuzzed.hbfw");
      return "refused";
    }
    throw new Error(`decodeHbfw threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)} instead of HbfwError/ArchiveError`);
  }
}

describe("damaged .hbfw files", () => {
  it("the untouched file loads (control)", async () => {
    expect(await outcome(good)).toBe("ok");
  });

  it("cut at every byte: refused, never another error", async () => {
    for (let cut = 0; cut < good.length; cut++) expect(await outcome(good.subarray(0, cut)), `cut at ${cut}`).toBe("refused");
  });

  it("random bytes overwritten: loads or is refused, never another error (thousands of cases)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), async (flips) => {
        const bytes = good.slice();
        for (const [at, value] of flips) bytes[at % bytes.length] = value;
        await outcome(bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it("random bytes inserted or removed: loads or is refused", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat({ max: 64 }), fc.uint8Array({ maxLength: 64 }), async (at, remove, insert) => {
        const i = at % (good.length + 1);
        const bytes = new Uint8Array([...good.subarray(0, i), ...insert, ...good.subarray(i + remove)]);
        await outcome(bytes);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("hostile archives", () => {
  const entryName = fc.oneof(
    fc.constantFrom("config.json", "weights.npz", "../config.json", "/etc/passwd", "..\\..\\evil.dll", "C:\\evil", "a/../../b", "config.json\u0000.txt", "weights.npz/", "./config.json", ""),
    fc.string({ maxLength: 20 }),
  );
  const content = fc.oneof(fc.uint8Array({ maxLength: 256 }), fc.constant(new TextEncoder().encode(JSON.stringify({ format: HBFW_FORMAT }))), fc.constant(new Uint8Array(200_000)));

  it("arbitrary entry names and contents: refused unless it is a real model, never another error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(entryName, content, fc.boolean()), { minLength: 1, maxLength: 5 }), async (entries) => {
        const zip = new JSZip();
        for (const [name, data, deflate] of entries) {
          try {
            zip.file(name, data, { compression: deflate ? "DEFLATE" : "STORE" });
          } catch {
            return; // a name JSZip itself will not write
          }
        }
        expect(await outcome(await zip.generateAsync({ type: "uint8array" }))).toBe("refused");
      }),
      { numRuns: 300 },
    );
  });

  it("a zip bomb (highly compressible entries) is refused before it is inflated", async () => {
    const zip = new JSZip();
    zip.file("config.json", JSON.stringify({ ...config, weights: { attack: [], benign: [] } }));
    zip.file("weights.npz", new Uint8Array(24 * 1024 * 1024), { compression: "DEFLATE", compressionOptions: { level: 9 } });
    const bomb = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 9 } });
    // About 1000:1: refused from the declared sizes, by the compression-ratio limit.
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(await outcome(bomb)).toBe("refused");
  });
});
