/**
 * Safety checks for zip archives that come from outside (.hbfw files and the weights.npz inside
 * them). The central directory is read here, before jszip inflates anything, so that path
 * escapes, links, encryption, oversize entries and zip bombs are refused from the declared sizes;
 * extraction then stops as soon as an entry inflates past what it declared.
 */
import { crc32 } from "node:zlib";
import JSZip from "jszip";

export class ArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ArchiveError";
  }
}

export interface ArchiveLimits {
  /** Largest archive file accepted, in bytes. */
  maxArchiveBytes: number;
  maxEntries: number;
  /** Largest declared uncompressed size of one entry. */
  maxEntryBytes: number;
  /** Largest declared uncompressed size of all entries together. */
  maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio for an entry above ratioFloorBytes. */
  maxRatio: number;
  /** Entries smaller than this are exempt from the ratio check (a tiny JSON file compresses well). */
  ratioFloorBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxArchiveBytes: 512 * 1024 * 1024,
  maxEntries: 4096,
  maxEntryBytes: 256 * 1024 * 1024,
  maxTotalBytes: 512 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

export interface ArchiveEntry {
  name: string;
  method: "store" | "deflate";
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const ZIP64_EOCD_LOCATOR_SIGNATURE = 0x07064b50;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Rejects names that could land outside the extraction folder or mean something odd. */
export function unsafeEntryName(name: string): string | undefined {
  if (name.length === 0) return "an empty name";
  if (name.includes("\0")) return "a NUL character";
  if (name.startsWith("/") || name.startsWith("\\")) return "an absolute path";
  if (/^[a-zA-Z]:/.test(name)) return "a drive letter";
  if (name.split(/[/\\]/).includes("..")) return "a '..' component";
  return undefined;
}

/** Reads and checks the central directory; throws ArchiveError on anything unsafe. */
export function scanArchive(bytes: Uint8Array, label: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): ArchiveEntry[] {
  const fail = (message: string): never => {
    throw new ArchiveError(`${label}: ${message}`);
  };
  if (bytes.length > limits.maxArchiveBytes) fail(`archive is ${bytes.length} bytes, over the limit of ${limits.maxArchiveBytes}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  // The end-of-central-directory record sits in the last 22 + 65535 (comment) bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return fail("not a zip archive (no end-of-central-directory record)");
  if (eocd >= 20 && view.getUint32(eocd - 20, true) === ZIP64_EOCD_LOCATOR_SIGNATURE) fail("ZIP64 archives are not supported");
  const disk = view.getUint16(eocd + 4, true);
  const cdDisk = view.getUint16(eocd + 6, true);
  const entriesOnDisk = view.getUint16(eocd + 8, true);
  const entryCount = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (disk !== 0 || cdDisk !== 0 || entriesOnDisk !== entryCount) fail("multi-disk archives are not supported");
  if (entryCount === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) fail("ZIP64 archives are not supported");
  if (entryCount > limits.maxEntries) fail(`archive has ${entryCount} entries, over the limit of ${limits.maxEntries}`);
  if (cdOffset + cdSize > eocd) fail("central directory lies outside the archive");

  const entries: ArchiveEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  let pos = cdOffset;
  for (let n = 0; n < entryCount; n++) {
    if (pos + 46 > cdOffset + cdSize || view.getUint32(pos, true) !== CENTRAL_SIGNATURE) fail("corrupt central directory");
    const madeBy = view.getUint16(pos + 4, true);
    const flags = view.getUint16(pos + 8, true);
    const methodCode = view.getUint16(pos + 10, true);
    const crc = view.getUint32(pos + 16, true);
    const compressedSize = view.getUint32(pos + 20, true);
    const uncompressedSize = view.getUint32(pos + 24, true);
    const nameLength = view.getUint16(pos + 28, true);
    const extraLength = view.getUint16(pos + 30, true);
    const commentLength = view.getUint16(pos + 32, true);
    const externalAttributes = view.getUint32(pos + 38, true);
    const localOffset = view.getUint32(pos + 42, true);
    const nameBytes = bytes.subarray(pos + 46, pos + 46 + nameLength);
    const name = flags & 0x800 ? new TextDecoder().decode(nameBytes) : String.fromCharCode(...nameBytes);
    pos += 46 + nameLength + extraLength + commentLength;

    const problem = unsafeEntryName(name);
    if (problem) fail(`entry "${name}" has ${problem}; entries must stay inside the archive`);
    if (seen.has(name)) fail(`entry "${name}" appears twice`);
    seen.add(name);
    if (flags & 0x1) fail(`entry "${name}" is encrypted`);
    if (madeBy >> 8 === 3 && ((externalAttributes >>> 16) & S_IFMT) === S_IFLNK) fail(`entry "${name}" is a symbolic link`);
    if (methodCode !== 0 && methodCode !== 8) fail(`entry "${name}" uses compression method ${methodCode} (only stored and deflated entries are read)`);
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff) fail("ZIP64 archives are not supported");
    if (localOffset + 30 + compressedSize > cdOffset) fail(`entry "${name}" lies outside the archive`);
    if (uncompressedSize > limits.maxEntryBytes) {
      fail(`entry "${name}" would expand to ${uncompressedSize} bytes, over the limit of ${limits.maxEntryBytes}`);
    }
    total += uncompressedSize;
    if (total > limits.maxTotalBytes) fail(`entries would expand to more than ${limits.maxTotalBytes} bytes in total`);
    if (methodCode === 0 && compressedSize !== uncompressedSize) fail(`stored entry "${name}" declares two different sizes`);
    if (uncompressedSize >= limits.ratioFloorBytes && uncompressedSize > compressedSize * limits.maxRatio) {
      fail(
        `entry "${name}" expands ${Math.round(uncompressedSize / Math.max(compressedSize, 1))}x ` +
          `(${compressedSize} -> ${uncompressedSize} bytes), over the limit of ${limits.maxRatio}x: a zip bomb?`,
      );
    }
    entries.push({ name, method: methodCode === 0 ? "store" : "deflate", compressedSize, uncompressedSize, crc32: crc });
  }
  return entries;
}

/** An archive whose directory passed scanArchive, with bounded extraction of its entries. */
export class CheckedArchive {
  private constructor(
    readonly label: string,
    readonly entries: ReadonlyMap<string, ArchiveEntry>,
    private readonly zip: JSZip,
  ) {}

  static async open(bytes: Uint8Array, label: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<CheckedArchive> {
    const entries = scanArchive(bytes, label, limits);
    let zip: JSZip;
    try {
      zip = await JSZip.loadAsync(bytes);
    } catch (error) {
      throw new ArchiveError(`${label}: unreadable zip archive (${error instanceof Error ? error.message : String(error)})`);
    }
    return new CheckedArchive(label, new Map(entries.map((e) => [e.name, e])), zip);
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Inflates one entry, stopping at its declared size, and checks its CRC. */
  async read(name: string): Promise<Uint8Array> {
    const entry = this.entries.get(name);
    const file = this.zip.file(name);
    if (!entry || !file) throw new ArchiveError(`${this.label}: no entry "${name}"`);
    const declared = entry.uncompressedSize;
    const data = await new Promise<Uint8Array>((resolve, reject) => {
      const out = new Uint8Array(declared);
      let written = 0;
      let done = false;
      const stream = file.nodeStream("nodebuffer");
      const stop = (error: ArchiveError): void => {
        done = true;
        stream.pause();
        if ("destroy" in stream && typeof stream.destroy === "function") stream.destroy();
        reject(error);
      };
      stream.on("data", (chunk: Buffer) => {
        if (done) return;
        if (written + chunk.length > declared) {
          stop(new ArchiveError(`${this.label}: entry "${name}" inflates beyond its declared ${declared} bytes`));
          return;
        }
        out.set(chunk, written);
        written += chunk.length;
      });
      stream.on("error", (error: Error) => {
        if (!done) stop(new ArchiveError(`${this.label}: entry "${name}" is corrupt (${error.message})`));
      });
      stream.on("end", () => {
        if (done) return;
        done = true;
        if (written !== declared) reject(new ArchiveError(`${this.label}: entry "${name}" is ${written} bytes, declared ${declared}`));
        else resolve(out);
      });
    });
    if (crc32(data) >>> 0 !== entry.crc32 >>> 0) throw new ArchiveError(`${this.label}: entry "${name}" fails its CRC check (corrupt archive)`);
    return data;
  }
}
