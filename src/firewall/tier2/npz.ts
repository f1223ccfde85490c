/**
 * NumPy .npz: a zip archive with one `<name>.npy` entry per array, as numpy.savez_compressed
 * writes it, so `numpy.load("weights.npz", allow_pickle=False)` reads what Moat saves.
 */
import JSZip from "jszip";
import { decodeNpy, encodeNpy, type NdArray, type TypedArray } from "./npy.js";
import { ArchiveError, CheckedArchive, DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from "./zip-guard.js";

/** Array names become file names inside the archive; keep them plain. */
const ARRAY_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export function checkArrayName(name: string): void {
  if (!ARRAY_NAME.test(name) || name.includes("..")) {
    throw new ArchiveError(`array name "${name}" is not allowed (letters, digits, '_', '.', '-'; no '..'; at most 128 characters)`);
  }
}

export async function encodeNpz(arrays: Readonly<Record<string, TypedArray | NdArray>>): Promise<Uint8Array> {
  const zip = new JSZip();
  // A fixed date keeps the bytes of a saved model reproducible.
  const date = new Date(Date.UTC(1980, 0, 1));
  for (const [name, array] of Object.entries(arrays)) {
    checkArrayName(name);
    zip.file(`${name}.npy`, encodeNpy(array), { date, compression: "DEFLATE", compressionOptions: { level: 6 } });
  }
  return zip.generateAsync({ type: "uint8array" });
}

export async function decodeNpz(bytes: Uint8Array, label = "weights.npz", limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<Record<string, NdArray>> {
  const archive = await CheckedArchive.open(bytes, label, limits);
  const out: Record<string, NdArray> = {};
  for (const entry of archive.names()) {
    if (!entry.endsWith(".npy")) throw new ArchiveError(`${label}: entry "${entry}" is not a .npy array`);
    const name = entry.slice(0, -4);
    checkArrayName(name);
    const data = await archive.read(entry);
    out[name] = decodeNpy(data, { name: `${label}/${entry}`, maxBytes: limits.maxEntryBytes });
  }
  return out;
}
