/**
 * A compact, self-describing binary file for a TextClassifier:
 *   "MOATML01" | u32 LE header length | UTF-8 JSON header | zero padding to 4 bytes | weights
 * Weights are stored as float32 or quantised to int16/int8 with one scale (int16 keeps the
 * scores within ~1e-4 of float32 and halves the file). The header is validated with zod; the
 * payload length must match exactly, so a truncated or padded file is refused.
 */
import { z } from "zod";
import { CLASSIFIER_FORMAT, classifierHeaderSchema, type ClassifierWeights } from "./classifier.js";

const MAGIC = "MOATML01";
const MAX_HEADER_BYTES = 1 << 20;

export type WeightDtype = "f32" | "i16" | "i8";

const fileHeaderSchema = classifierHeaderSchema
  .extend({
    dtype: z.enum(["f32", "i16", "i8"]),
    scale: z.number().positive().finite(),
    length: z.number().int().positive(),
    metadata: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export interface EncodeOptions {
  dtype?: WeightDtype;
  /** Free-form JSON stored with the weights (calibration, thresholds, provenance). */
  metadata?: Record<string, unknown>;
}

export interface DecodedClassifierFile {
  weights: ClassifierWeights;
  metadata: Record<string, unknown>;
  dtype: WeightDtype;
}

export function encodeClassifierFile(weights: ClassifierWeights, options: EncodeOptions = {}): Uint8Array {
  const dtype = options.dtype ?? "f32";
  let max = 0;
  for (const w of weights.weights) max = Math.max(max, Math.abs(w));
  const range = dtype === "i16" ? 32767 : dtype === "i8" ? 127 : 1;
  const scale = dtype === "f32" || max === 0 ? 1 : max / range;
  const header = {
    format: CLASSIFIER_FORMAT,
    featurizer: weights.featurizer,
    bias: weights.bias,
    dtype,
    scale,
    length: weights.weights.length,
    metadata: options.metadata ?? {},
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const headerEnd = 12 + headerBytes.length;
  const dataStart = Math.ceil(headerEnd / 4) * 4;
  const bytesPer = dtype === "f32" ? 4 : dtype === "i16" ? 2 : 1;
  const out = new Uint8Array(dataStart + weights.weights.length * bytesPer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, headerBytes.length, true);
  out.set(headerBytes, 12);
  const view = new DataView(out.buffer, dataStart);
  weights.weights.forEach((w, i) => {
    if (dtype === "f32") view.setFloat32(i * 4, w, true);
    else if (dtype === "i16") view.setInt16(i * 2, Math.round(w / scale), true);
    else view.setInt8(i, Math.round(w / scale));
  });
  return out;
}

export function decodeClassifierFile(bytes: Uint8Array): DecodedClassifierFile {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new Error(`not a Moat classifier file (expected magic ${MAGIC})`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  if (headerLength > MAX_HEADER_BYTES || 12 + headerLength > bytes.length) throw new Error("classifier file header is truncated or too large");
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(12, 12 + headerLength)));
  } catch (error) {
    throw new Error(`classifier file header is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = fileHeaderSchema.safeParse(json);
  if (!parsed.success) throw new Error(`classifier file header is invalid: ${z.prettifyError(parsed.error)}`);
  const header = parsed.data;
  const expected = 2 ** header.featurizer.bits;
  if (header.length !== expected) throw new Error(`classifier file holds ${header.length} weights; its featurizer needs ${expected}`);
  const dataStart = Math.ceil((12 + headerLength) / 4) * 4;
  const bytesPer = header.dtype === "f32" ? 4 : header.dtype === "i16" ? 2 : 1;
  if (bytes.length !== dataStart + header.length * bytesPer) {
    throw new Error(`classifier file has ${bytes.length} bytes; expected ${dataStart + header.length * bytesPer}`);
  }
  const data = new DataView(bytes.buffer, bytes.byteOffset + dataStart, header.length * bytesPer);
  const weights = new Float32Array(header.length);
  for (let i = 0; i < header.length; i++) {
    const w =
      header.dtype === "f32"
        ? data.getFloat32(i * 4, true)
        : header.dtype === "i16"
          ? data.getInt16(i * 2, true) * header.scale
          : data.getInt8(i) * header.scale;
    if (!Number.isFinite(w)) throw new Error(`classifier weight ${i} is not finite`);
    weights[i] = w;
  }
  return {
    weights: { format: header.format, featurizer: header.featurizer, bias: header.bias, weights },
    metadata: header.metadata,
    dtype: header.dtype,
  };
}
