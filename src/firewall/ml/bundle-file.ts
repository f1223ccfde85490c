/**
 * Several named classifiers in one file (e.g. a prompt model and a tool-content model):
 *   "MOATMB01" | u32 LE header length | UTF-8 JSON header | padding | classifier files
 * Each part is a complete classifier file (weights-file.ts) at a 4-byte aligned offset; the
 * header lists name, offset and length per part plus free-form metadata.
 */
import { z } from "zod";
import type { ClassifierWeights } from "./classifier.js";
import { decodeClassifierFile, encodeClassifierFile, type DecodedClassifierFile, type WeightDtype } from "./weights-file.js";

const MAGIC = "MOATMB01";
const MAX_HEADER_BYTES = 1 << 20;

const bundleHeaderSchema = z
  .object({
    parts: z.array(z.object({ name: z.string().min(1), offset: z.number().int().nonnegative(), length: z.number().int().positive() }).strict()).min(1),
    metadata: z.record(z.string(), z.unknown()),
  })
  .strict();

const align = (n: number): number => Math.ceil(n / 4) * 4;

export function encodeClassifierBundle(
  classifiers: Record<string, ClassifierWeights>,
  options: { dtype?: WeightDtype; metadata?: Record<string, unknown> } = {},
): Uint8Array {
  const blobs = Object.entries(classifiers).map(([name, w]) => ({ name, bytes: encodeClassifierFile(w, { dtype: options.dtype }) }));
  if (blobs.length === 0) throw new Error("a bundle needs at least one classifier");
  // Offsets are relative to the end of the (padded) header, so the header can be written first.
  let offset = 0;
  const parts = blobs.map((b) => {
    const part = { name: b.name, offset, length: b.bytes.length };
    offset = align(offset + b.bytes.length);
    return part;
  });
  const header = new TextEncoder().encode(JSON.stringify({ parts, metadata: options.metadata ?? {} }));
  const dataStart = align(12 + header.length);
  const out = new Uint8Array(dataStart + offset);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, header.length, true);
  out.set(header, 12);
  blobs.forEach((b, i) => out.set(b.bytes, dataStart + (parts[i]?.offset ?? 0)));
  return out;
}

export interface DecodedBundle {
  classifiers: Record<string, DecodedClassifierFile>;
  metadata: Record<string, unknown>;
}

export function isClassifierBundle(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && new TextDecoder().decode(bytes.subarray(0, 8)) === MAGIC;
}

export function decodeClassifierBundle(bytes: Uint8Array): DecodedBundle {
  if (!isClassifierBundle(bytes) || bytes.length < 12) throw new Error(`not a Moat classifier bundle (expected magic ${MAGIC})`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (headerLength > MAX_HEADER_BYTES || 12 + headerLength > bytes.length) throw new Error("bundle header is truncated or too large");
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(12, 12 + headerLength)));
  } catch (error) {
    throw new Error(`bundle header is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = bundleHeaderSchema.safeParse(json);
  if (!parsed.success) throw new Error(`bundle header is invalid: ${z.prettifyError(parsed.error)}`);
  const dataStart = align(12 + headerLength);
  const classifiers: Record<string, DecodedClassifierFile> = {};
  for (const part of parsed.data.parts) {
    const start = dataStart + part.offset;
    if (start + part.length > bytes.length) throw new Error(`bundle part "${part.name}" extends past the end of the file`);
    if (classifiers[part.name]) throw new Error(`bundle part "${part.name}" appears twice`);
    classifiers[part.name] = decodeClassifierFile(bytes.subarray(start, start + part.length));
  }
  return { classifiers, metadata: parsed.data.metadata };
}
