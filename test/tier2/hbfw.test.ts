import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { afterAll, describe, expect, it } from "vitest";
import { decodeHbfw, encodeHbfw, HBFW_FORMAT, readHbfwFile, type HbfwConfig } from "../../src/firewall/tier2/hbfw.js";
import { encodeNpy } from "../../src/firewall/tier2/npy.js";
import { encodeNpz } from "../../src/firewall/tier2/npz.js";
import { DEFAULT_ARCHIVE_LIMITS, scanArchive } from "../../src/firewall/tier2/zip-guard.js";

const hasNumpy = spawnSync("python3", ["-c", "import numpy"], { stdio: "ignore" }).status === 0;
const dir = mkdtempSync(join(tmpdir(), "moat-hbfw-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config: Omit<HbfwConfig, "weights"> = {
  format: HBFW_FORMAT,
  format_version: 1,
  created_at: "2025-03-14T09:00:00.000Z",
  agent: { name: "Customer Support Agent", version: "1.0" },
  classifier: { id: "test-classifier/1" },
  context: { turns: 2, message_chars: 400 },
  training: {
    sources: [{ file: "logs.jsonl", format: "humanbound", conversations: 40, turns: 160, attack_samples: 30, benign_samples: 90 }],
    samples: { attack: 30, benign: 90, permitted_intents: 6, attack_background: 96, benign_background: 35 },
    strata: { attack: { restriction_bypass: 20, system_exposure: 10 }, benign: { elderly_customer: 90 } },
    validation_fraction: 0.2,
    seed: 1,
  },
  validation: {
    conversations: 8,
    attack_turns: 4,
    benign_turns: 20,
    attack_caught_rate: 1,
    attack_escalated_rate: 0,
    attack_passed_rate: 0,
    benign_pass_rate: 0.9,
    benign_escalated_rate: 0.1,
    benign_blocked_rate: 0,
    escalation_rate: 0.0833,
    settled_rate: 0.9167,
    error_rate: 0,
  },
};

const attackWeights = { w: new Float32Array([0.25, -1.5, 3]), head: new Float64Array([0.1, 0.9]) };
const benignWeights = { w: { dtype: "int16" as const, shape: [2, 2], data: new Int16Array([1, 2, 3, 4]) } };

interface RawEntry {
  name: string;
  data: Uint8Array | string;
  compression?: "STORE" | "DEFLATE";
  unixPermissions?: number;
}

/** A zip built entry by entry, for files Moat itself would never write. */
async function rawZip(entries: RawEntry[]): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const e of entries) {
    zip.file(e.name, e.data, { compression: e.compression ?? "DEFLATE", ...(e.unixPermissions !== undefined ? { unixPermissions: e.unixPermissions } : {}) });
  }
  return zip.generateAsync({ type: "uint8array", platform: entries.some((e) => e.unixPermissions !== undefined) ? "UNIX" : "DOS" });
}

async function hbfwWith(configJson: unknown, weights: Record<string, Uint8Array>, extra: RawEntry[] = []): Promise<Uint8Array> {
  const npz = new JSZip();
  for (const [name, bytes] of Object.entries(weights)) npz.file(name, bytes);
  return rawZip([
    { name: "config.json", data: JSON.stringify(configJson) },
    { name: "weights.npz", data: await npz.generateAsync({ type: "uint8array", compression: "DEFLATE" }), compression: "STORE" },
    ...extra,
  ]);
}

const fullConfig = { ...config, weights: { attack: ["w"], benign: [] } };
const goodWeights = { "attack.w.npy": encodeNpy(new Float32Array([1, 2])) };

/** Rewrites fields of an entry's central-directory record. */
function patchCentral(bytes: Uint8Array, name: string, patch: (view: DataView, offset: number) => void): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 46 < out.length; i++) {
    if (view.getUint32(i, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(i + 28, true);
    if (new TextDecoder().decode(out.subarray(i + 46, i + 46 + nameLength)) === name) {
      patch(view, i);
      return out;
    }
  }
  throw new Error(`no central record for ${name}`);
}

describe(".hbfw round trip", () => {
  it("saves config.json and weights.npz and reads them back", async () => {
    const bytes = await encodeHbfw(config, attackWeights, benignWeights);
    const model = await decodeHbfw(bytes, "model.hbfw");
    expect(model.config).toEqual({ ...config, weights: { attack: ["w", "head"], benign: ["w"] } });
    expect(model.weights.attack.w).toEqual({ dtype: "float32", shape: [3], data: attackWeights.w });
    expect(model.weights.attack.head?.data).toEqual(attackWeights.head);
    expect(model.weights.benign.w).toEqual(benignWeights.w);
    const zip = await JSZip.loadAsync(bytes);
    expect(Object.keys(zip.files).sort()).toEqual(["config.json", "weights.npz"]);
  });

  it("writes the same bytes for the same model", async () => {
    const a = await encodeHbfw(config, attackWeights, benignWeights);
    const b = await encodeHbfw(config, attackWeights, benignWeights);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it.skipIf(!hasNumpy)("holds a weights.npz that numpy.load(allow_pickle=False) reads", async () => {
    const file = join(dir, "model.hbfw");
    writeFileSync(file, await encodeHbfw(config, attackWeights, benignWeights));
    const script = [
      "import io, json, sys, zipfile, numpy as np",
      "z = zipfile.ZipFile(sys.argv[1])",
      "cfg = json.loads(z.read('config.json'))",
      "w = np.load(io.BytesIO(z.read('weights.npz')), allow_pickle=False)",
      "print(json.dumps({'format': cfg['format'], 'arrays': {k: w[k].tolist() for k in sorted(w.files)}}))",
    ].join("\n");
    const out = JSON.parse(execFileSync("python3", ["-c", script, file], { encoding: "utf8" })) as unknown;
    expect(out).toEqual({ format: "moat-hbfw", arrays: { "attack.head": [0.1, 0.9], "attack.w": [0.25, -1.5, 3], "benign.w": [[1, 2], [3, 4]] } });
  });
});

describe(".hbfw refusals", () => {
  it("refuses a file that is not a zip archive", async () => {
    await expect(decodeHbfw(new TextEncoder().encode("this is not a model"), "x.hbfw")).rejects.toThrow(/not a zip archive/);
  });

  it("refuses entries outside the archive: '..' components and absolute paths", async () => {
    const dotdot = await hbfwWith(fullConfig, goodWeights, [{ name: "../../evil.sh", data: "echo pwned" }]);
    await expect(decodeHbfw(dotdot, "x.hbfw")).rejects.toThrow(/entry "\.\.\/.*" has a '\.\.' component; entries must stay inside the archive/);
    const absolute = await hbfwWith(fullConfig, goodWeights, [{ name: "/etc/cron.d/evil", data: "x" }]);
    await expect(decodeHbfw(absolute, "x.hbfw")).rejects.toThrow(/has an absolute path/);
    const drive = await hbfwWith(fullConfig, goodWeights, [{ name: "C:\\evil.dll", data: "x" }]);
    await expect(decodeHbfw(drive, "x.hbfw")).rejects.toThrow(/has a drive letter/);
    // Inside weights.npz too.
    const innerEscape = await hbfwWith(fullConfig, { ...goodWeights, "../attack.x.npy": encodeNpy(new Float32Array(1)) });
    await expect(decodeHbfw(innerEscape, "x.hbfw")).rejects.toThrow(/weights\.npz: entry "\.\.\/.*" has a '\.\.' component/);
  });

  it("refuses symbolic links and encrypted entries", async () => {
    const link = await hbfwWith(fullConfig, goodWeights, [{ name: "link", data: "/etc/passwd", unixPermissions: 0o120777 }]);
    await expect(decodeHbfw(link, "x.hbfw")).rejects.toThrow(/entry "link" is a symbolic link/);
    const plain = await hbfwWith(fullConfig, goodWeights);
    const encrypted = patchCentral(plain, "config.json", (view, at) => view.setUint16(at + 8, view.getUint16(at + 8, true) | 1, true));
    await expect(decodeHbfw(encrypted, "x.hbfw")).rejects.toThrow(/entry "config\.json" is encrypted/);
  });

  it("refuses zip bombs from the declared sizes, before inflating", async () => {
    // 8 MiB of zeros deflate to a few KiB: a ratio no model file has.
    const bomb = await hbfwWith(fullConfig, goodWeights, [{ name: "padding.bin", data: new Uint8Array(8 * 1024 * 1024) }]);
    await expect(decodeHbfw(bomb, "x.hbfw")).rejects.toThrow(/entry "padding\.bin" expands \d+x .* over the limit of 200x: a zip bomb\?/);
    // The same check applies to the npz nested inside.
    const innerBomb = await hbfwWith(fullConfig, { ...goodWeights, "attack.z.npy": encodeNpy(new Float64Array(1024 * 1024)) });
    await expect(decodeHbfw(innerBomb, "x.hbfw")).rejects.toThrow(/weights\.npz: entry "attack\.z\.npy" expands/);
  });

  it("refuses oversize entries, archives and too many entries", async () => {
    const bytes = await encodeHbfw(config, attackWeights, benignWeights);
    await expect(decodeHbfw(bytes, "x.hbfw", { ...DEFAULT_ARCHIVE_LIMITS, maxEntryBytes: 100 })).rejects.toThrow(/would expand to \d+ bytes, over the limit of 100/);
    await expect(decodeHbfw(bytes, "x.hbfw", { ...DEFAULT_ARCHIVE_LIMITS, maxArchiveBytes: 100 })).rejects.toThrow(/archive is \d+ bytes, over the limit of 100/);
    await expect(decodeHbfw(bytes, "x.hbfw", { ...DEFAULT_ARCHIVE_LIMITS, maxEntries: 1 })).rejects.toThrow(/archive has 2 entries, over the limit of 1/);
    await expect(decodeHbfw(bytes, "x.hbfw", { ...DEFAULT_ARCHIVE_LIMITS, maxTotalBytes: 200 })).rejects.toThrow(/more than 200 bytes in total/);
  });

  it("stops an entry that inflates past the size it declared", async () => {
    const plain = await hbfwWith(fullConfig, goodWeights, [{ name: "notes.txt", data: "x".repeat(50_000) }]);
    // Declare 100 bytes for an entry that inflates to 50,000: the declared-size checks pass.
    const lying = patchCentral(plain, "notes.txt", (view, at) => view.setUint32(at + 24, 100, true));
    expect(() => scanArchive(lying, "x.hbfw")).not.toThrow();
    const { CheckedArchive } = await import("../../src/firewall/tier2/zip-guard.js");
    const archive = await CheckedArchive.open(lying, "x.hbfw");
    await expect(archive.read("notes.txt")).rejects.toThrow(/entry "notes\.txt" inflates beyond its declared 100 bytes/);
  });

  it("refuses a corrupt entry (CRC mismatch)", async () => {
    const plain = await hbfwWith(fullConfig, goodWeights);
    const corrupt = patchCentral(plain, "config.json", (view, at) => view.setUint32(at + 16, view.getUint32(at + 16, true) ^ 0xffff, true));
    await expect(decodeHbfw(corrupt, "x.hbfw")).rejects.toThrow(/entry "config\.json" fails its CRC check/);
  });

  it("refuses object arrays inside weights.npz", async () => {
    const header = "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }";
    const pickle = new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length + 1, 0, ...new TextEncoder().encode(`${header}\n`), 0x80, 0x04]);
    const bytes = await hbfwWith({ ...config, weights: { attack: ["w"], benign: [] } }, { "attack.w.npy": pickle });
    await expect(decodeHbfw(bytes, "x.hbfw")).rejects.toThrow(/object arrays are refused/);
  });

  it("refuses unknown format versions and files that are not Moat models", async () => {
    const v2 = await hbfwWith({ ...fullConfig, format_version: 2 }, goodWeights);
    await expect(decodeHbfw(v2, "x.hbfw")).rejects.toThrow(/unknown \.hbfw format version 2; this Moat reads version 1/);
    const humanbound = await hbfwWith({ version: "2.0", performance: {} }, goodWeights);
    await expect(decodeHbfw(humanbound, "x.hbfw")).rejects.toThrow(/not a Moat model/);
    const broken = await hbfwWith({ ...fullConfig, created_at: 5 }, goodWeights);
    await expect(decodeHbfw(broken, "x.hbfw")).rejects.toThrow(/invalid config\.json: created_at/);
  });

  it("refuses unexpected or missing entries and weights that do not match the config", async () => {
    const script = await hbfwWith(fullConfig, goodWeights, [{ name: "model.py", data: "import os" }]);
    await expect(decodeHbfw(script, "x.hbfw")).rejects.toThrow(/unexpected entries "model\.py"/);
    const noWeights = await rawZip([{ name: "config.json", data: JSON.stringify(fullConfig) }]);
    await expect(decodeHbfw(noWeights, "x.hbfw")).rejects.toThrow(/missing weights\.npz/);
    const mismatch = await hbfwWith({ ...fullConfig, weights: { attack: ["w", "head"], benign: [] } }, goodWeights);
    await expect(decodeHbfw(mismatch, "x.hbfw")).rejects.toThrow(/config\.json lists attack arrays \[head,w\] but weights\.npz holds \[w\]/);
    const stray = await hbfwWith(fullConfig, { ...goodWeights, "other.w.npy": encodeNpy(new Float32Array(1)) });
    await expect(decodeHbfw(stray, "x.hbfw")).rejects.toThrow(/array "other\.w" belongs to neither/);
    const notNpy = await hbfwWith(fullConfig, { ...goodWeights, "attack.readme.txt": new TextEncoder().encode("hi") });
    await expect(decodeHbfw(notNpy, "x.hbfw")).rejects.toThrow(/entry "attack\.readme\.txt" is not a \.npy array/);
  });

  it("names the file when it cannot be read", async () => {
    await expect(readHbfwFile(join(dir, "missing.hbfw"))).rejects.toThrow(/cannot read model file .*missing\.hbfw/);
  });

  it("refuses array names that are not plain", async () => {
    await expect(encodeNpz({ "../x": new Float32Array(1) })).rejects.toThrow(/array name "\.\.\/x" is not allowed/);
  });
});
