import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeNpy, encodeNpy, NpyError, type NdArray } from "../../src/firewall/tier2/npy.js";
import { decodeNpz, encodeNpz } from "../../src/firewall/tier2/npz.js";
import { parsePythonLiteral } from "../../src/firewall/tier2/py-literal.js";

const hasNumpy = spawnSync("python3", ["-c", "import numpy"], { stdio: "ignore" }).status === 0;
const dir = mkdtempSync(join(tmpdir(), "moat-npy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Builds .npy bytes with an arbitrary header, to test what the reader refuses. */
function rawNpy(header: string, data: Uint8Array = new Uint8Array(), version: [number, number] = [1, 0]): Uint8Array {
  const prefix = version[0] === 1 ? 10 : 12;
  const text = `${header}\n`;
  const out = new Uint8Array(prefix + text.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version[0], version[1]]);
  const view = new DataView(out.buffer);
  if (prefix === 10) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  for (let i = 0; i < text.length; i++) out[prefix + i] = text.charCodeAt(i);
  out.set(data, prefix + text.length);
  return out;
}

describe(".npy encoding", () => {
  it("round-trips every supported dtype", () => {
    const arrays = [
      new Float32Array([1.5, -2, 3.25]),
      new Float64Array([Math.PI, -1e300]),
      new Int8Array([-128, 127]),
      new Uint8Array([0, 255]),
      new Int16Array([-32768, 7]),
      new Uint16Array([65535]),
      new Int32Array([-5, 2 ** 31 - 1]),
      new Uint32Array([2 ** 32 - 1]),
      new BigInt64Array([-(2n ** 63n), 42n]),
      new BigUint64Array([2n ** 64n - 1n]),
    ];
    for (const array of arrays) {
      const back = decodeNpy(encodeNpy(array));
      expect(back.data).toEqual(array);
      expect(back.shape).toEqual([array.length]);
    }
  });

  it("keeps shapes, bools and empty arrays", () => {
    const matrix: NdArray = { dtype: "float32", shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) };
    expect(decodeNpy(encodeNpy(matrix))).toEqual(matrix);
    const flags: NdArray = { dtype: "bool", shape: [3], data: new Uint8Array([1, 0, 1]) };
    expect(decodeNpy(encodeNpy(flags))).toEqual(flags);
    const scalar: NdArray = { dtype: "float64", shape: [], data: new Float64Array([7]) };
    expect(decodeNpy(encodeNpy(scalar))).toEqual(scalar);
    const empty: NdArray = { dtype: "int32", shape: [0, 4], data: new Int32Array(0) };
    expect(decodeNpy(encodeNpy(empty))).toEqual(empty);
  });

  it("aligns the data on 64 bytes as numpy does", () => {
    const bytes = encodeNpy(new Float32Array(3));
    const headerLength = new DataView(bytes.buffer).getUint16(8, true);
    expect((10 + headerLength) % 64).toBe(0);
    expect(bytes[10 + headerLength - 1]).toBe(0x0a);
  });

  it("refuses a shape that does not match the data", () => {
    expect(() => encodeNpy({ dtype: "float32", shape: [4], data: new Float32Array(3) })).toThrow(NpyError);
    expect(() => encodeNpy({ dtype: "int32", shape: [3], data: new Float32Array(3) as unknown as Int32Array })).toThrow(/dtype int32/);
  });
});

describe(".npy refusals", () => {
  it("refuses object arrays (pickles)", () => {
    const bytes = rawNpy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8));
    expect(() => decodeNpy(bytes)).toThrow(/object arrays are refused/);
  });

  it("refuses unknown format versions", () => {
    const bytes = rawNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (0,), }", new Uint8Array(), [4, 0]);
    expect(() => decodeNpy(bytes)).toThrow(/unsupported \.npy format version 4\.0/);
    const minor = rawNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (0,), }", new Uint8Array(), [1, 1]);
    expect(() => decodeNpy(minor)).toThrow(/version 1\.1/);
  });

  it("refuses structured, string and unknown dtypes", () => {
    const structured = rawNpy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", new Uint8Array(4));
    expect(() => decodeNpy(structured)).toThrow(/structured dtypes/);
    const strings = rawNpy("{'descr': '<U3', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(12));
    expect(() => decodeNpy(strings)).toThrow(/unsupported dtype '<U3'/);
    const voids = rawNpy("{'descr': '|V8', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8));
    expect(() => decodeNpy(voids)).toThrow(/unsupported dtype/);
  });

  it("refuses bad magic, truncated data, extra keys and oversize arrays", () => {
    expect(() => decodeNpy(new TextEncoder().encode("PK\u0003\u0004 not numpy"))).toThrow(/bad magic/);
    const short = rawNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", new Uint8Array(8));
    expect(() => decodeNpy(short)).toThrow(/data is 8 bytes.*needs 16/);
    const extra = rawNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (0,), 'evil': 1}");
    expect(() => decodeNpy(extra)).toThrow(/header keys/);
    const code = rawNpy("__import__('os').system('true')");
    expect(() => decodeNpy(code)).toThrow(/unreadable header/);
    const big = encodeNpy(new Float64Array(1000));
    expect(() => decodeNpy(big, { maxBytes: 4000 })).toThrow(/exceeds the limit/);
  });

  it("reads big-endian, Fortran-order and version 2.0 arrays", () => {
    const be = new Uint8Array(8);
    new DataView(be.buffer).setFloat32(0, 1.5, false);
    new DataView(be.buffer).setFloat32(4, -3, false);
    expect(decodeNpy(rawNpy("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", be)).data).toEqual(new Float32Array([1.5, -3]));
    // Column-major [[1, 2, 3], [4, 5, 6]] is stored 1 4 2 5 3 6.
    const f = new Int32Array([1, 4, 2, 5, 3, 6]);
    const fortran = decodeNpy(rawNpy("{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3), }", new Uint8Array(f.buffer)));
    expect([...fortran.data]).toEqual([1, 2, 3, 4, 5, 6]);
    const v2 = rawNpy("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(new Int32Array([9]).buffer), [2, 0]);
    expect([...decodeNpy(v2).data]).toEqual([9]);
  });
});

describe("python literal subset", () => {
  it("parses what numpy writes and nothing more", () => {
    const value = parsePythonLiteral("{'descr': '<f4', 'fortran_order': False, 'shape': (3L, 4), }");
    expect(value).toEqual(new Map<string, unknown>([["descr", "<f4"], ["fortran_order", false], ["shape", [3, 4]]]));
    expect(() => parsePythonLiteral("{'a': 1, 'a': 2}")).toThrow(/duplicate key/);
    expect(() => parsePythonLiteral("{'a': foo()}")).toThrow(/unexpected input/);
    expect(() => parsePythonLiteral("(".repeat(40) + ")".repeat(40))).toThrow(/nesting too deep/);
  });
});

describe.skipIf(!hasNumpy)("numpy compatibility (python3 with numpy)", () => {
  it("numpy.load(allow_pickle=False) reads the .npz Moat writes", async () => {
    const file = join(dir, "moat.npz");
    writeFileSync(
      file,
      await encodeNpz({
        "attack.weights": new Float32Array([0.5, -1.25, 3]),
        "attack.matrix": { dtype: "int16", shape: [2, 2], data: new Int16Array([1, -2, 3, -4]) },
        "benign.flags": { dtype: "bool", shape: [2], data: new Uint8Array([1, 0]) },
        "benign.count": new BigInt64Array([123456789012n]),
      }),
    );
    const script = [
      "import json, sys, numpy as np",
      "z = np.load(sys.argv[1], allow_pickle=False)",
      "print(json.dumps({k: {'dtype': str(z[k].dtype), 'shape': list(z[k].shape), 'values': z[k].ravel().tolist()} for k in sorted(z.files)}))",
    ].join("\n");
    const out = JSON.parse(execFileSync("python3", ["-c", script, file], { encoding: "utf8" })) as Record<string, unknown>;
    expect(out).toEqual({
      "attack.matrix": { dtype: "int16", shape: [2, 2], values: [1, -2, 3, -4] },
      "attack.weights": { dtype: "float32", shape: [3], values: [0.5, -1.25, 3] },
      "benign.count": { dtype: "int64", shape: [1], values: [123456789012] },
      "benign.flags": { dtype: "bool", shape: [2], values: [true, false] },
    });
  });

  it("reads what numpy.savez and savez_compressed write, and refuses numpy's object arrays", async () => {
    const plain = join(dir, "plain.npz");
    const compressed = join(dir, "compressed.npz");
    const objects = join(dir, "objects.npz");
    const script = [
      "import sys, numpy as np",
      "a = np.arange(6, dtype='<f8').reshape(2, 3)",
      "np.savez(sys.argv[1], a=a, f=np.asfortranarray(a.astype('>i4')), b=np.array([True, False]))",
      "np.savez_compressed(sys.argv[2], a=a)",
      "np.savez(sys.argv[3], o=np.array([{'x': 1}], dtype=object))",
    ].join("\n");
    execFileSync("python3", ["-c", script, plain, compressed, objects]);
    const a = await decodeNpz(readFileSync(plain));
    expect(a.a).toEqual({ dtype: "float64", shape: [2, 3], data: new Float64Array([0, 1, 2, 3, 4, 5]) });
    expect(a.f).toEqual({ dtype: "int32", shape: [2, 3], data: new Int32Array([0, 1, 2, 3, 4, 5]) });
    expect(a.b).toEqual({ dtype: "bool", shape: [2], data: new Uint8Array([1, 0]) });
    expect((await decodeNpz(readFileSync(compressed))).a?.data).toEqual(new Float64Array([0, 1, 2, 3, 4, 5]));
    await expect(decodeNpz(readFileSync(objects))).rejects.toThrow(/object arrays are refused/);
  });
});
