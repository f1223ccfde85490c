/**
 * The NumPy .npy format, written and read here so that .hbfw weights stay readable by
 * `numpy.load(..., allow_pickle=False)` without any Python on the Moat side. Only plain numeric
 * and boolean dtypes are accepted: object arrays are pickles, and reading them means running code.
 * Reference: numpy/lib/format.py (format versions 1.0, 2.0 and 3.0).
 */
import { parsePythonLiteral, type PyValue } from "./py-literal.js";

export type DType = "float32" | "float64" | "int8" | "uint8" | "int16" | "uint16" | "int32" | "uint32" | "int64" | "uint64" | "bool";

export type TypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** An n-dimensional array in C (row-major) order. */
export interface NdArray {
  dtype: DType;
  shape: number[];
  data: TypedArray;
}

export class NpyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NpyError";
  }
}

interface DTypeInfo {
  /** numpy type character and item size, e.g. f4. */
  code: string;
  size: number;
  make(buffer: ArrayBuffer, length: number): TypedArray;
}

const DTYPES: Record<DType, DTypeInfo> = {
  float32: { code: "f4", size: 4, make: (b, n) => new Float32Array(b, 0, n) },
  float64: { code: "f8", size: 8, make: (b, n) => new Float64Array(b, 0, n) },
  int8: { code: "i1", size: 1, make: (b, n) => new Int8Array(b, 0, n) },
  uint8: { code: "u1", size: 1, make: (b, n) => new Uint8Array(b, 0, n) },
  int16: { code: "i2", size: 2, make: (b, n) => new Int16Array(b, 0, n) },
  uint16: { code: "u2", size: 2, make: (b, n) => new Uint16Array(b, 0, n) },
  int32: { code: "i4", size: 4, make: (b, n) => new Int32Array(b, 0, n) },
  uint32: { code: "u4", size: 4, make: (b, n) => new Uint32Array(b, 0, n) },
  int64: { code: "i8", size: 8, make: (b, n) => new BigInt64Array(b, 0, n) },
  uint64: { code: "u8", size: 8, make: (b, n) => new BigUint64Array(b, 0, n) },
  bool: { code: "b1", size: 1, make: (b, n) => new Uint8Array(b, 0, n) },
};

const BY_CODE = new Map(Object.entries(DTYPES).map(([dtype, info]) => [info.code, dtype as DType]));

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The dtype a bare typed array is stored as. */
export function dtypeOf(data: TypedArray): DType {
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Float64Array) return "float64";
  if (data instanceof Int8Array) return "int8";
  if (data instanceof Uint8Array) return "uint8";
  if (data instanceof Int16Array) return "int16";
  if (data instanceof Uint16Array) return "uint16";
  if (data instanceof Int32Array) return "int32";
  if (data instanceof Uint32Array) return "uint32";
  if (data instanceof BigInt64Array) return "int64";
  return "uint64";
}

/** A typed array as a one-dimensional NdArray; an NdArray is checked and returned as is. */
export function toNdArray(value: TypedArray | NdArray): NdArray {
  if (ArrayBuffer.isView(value)) return { dtype: dtypeOf(value), shape: [value.length], data: value };
  const expected = value.shape.reduce((a, b) => a * b, 1);
  if (value.shape.some((d) => !Number.isSafeInteger(d) || d < 0) || expected !== value.data.length) {
    throw new NpyError(`shape (${value.shape.join(", ")}) does not match ${value.data.length} elements`);
  }
  if (value.dtype === "bool" ? !(value.data instanceof Uint8Array) : dtypeOf(value.data) !== value.dtype) {
    throw new NpyError(`dtype ${value.dtype} does not match a ${value.data.constructor.name}`);
  }
  return value;
}

function descrOf(dtype: DType): string {
  const info = DTYPES[dtype];
  return `${info.size === 1 ? "|" : "<"}${info.code}`;
}

function headerText(array: NdArray): string {
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(", ")})`;
  return `{'descr': '${descrOf(array.dtype)}', 'fortran_order': False, 'shape': ${shape}, }`;
}

/** Encodes an array as .npy bytes (version 1.0, or 2.0 when the header outgrows 64 KiB). */
export function encodeNpy(value: TypedArray | NdArray): Uint8Array {
  const array = toNdArray(value);
  const dict = headerText(array);
  // numpy pads the header with spaces and a newline so that the data starts on a 64-byte boundary.
  const unpadded = dict.length + 1;
  let version = 1;
  let prefix = 10;
  if (Math.ceil((prefix + unpadded) / 64) * 64 - prefix > 0xffff) {
    version = 2;
    prefix = 12;
  }
  const headerLength = Math.ceil((prefix + unpadded) / 64) * 64 - prefix;
  const header = dict + " ".repeat(headerLength - unpadded) + "\n";
  const dataBytes = new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength);
  const out = new Uint8Array(prefix + headerLength + dataBytes.length);
  out.set(MAGIC, 0);
  out[6] = version;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, headerLength, true);
  else view.setUint32(8, headerLength, true);
  for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i);
  if (LITTLE_ENDIAN_HOST || DTYPES[array.dtype].size === 1) {
    out.set(dataBytes, prefix + headerLength);
  } else {
    out.set(swapBytes(dataBytes, DTYPES[array.dtype].size), prefix + headerLength);
  }
  return out;
}

export interface DecodeNpyOptions {
  /** Largest array (data bytes) accepted. */
  maxBytes?: number;
  /** Name used in error messages (the npz entry). */
  name?: string;
}

const DEFAULT_MAX_NPY_BYTES = 256 * 1024 * 1024;

/** Decodes .npy bytes; refuses object, structured, string and unknown dtypes and unknown versions. */
export function decodeNpy(bytes: Uint8Array, options: DecodeNpyOptions = {}): NdArray {
  const name = options.name ?? "array";
  const fail = (message: string): never => {
    throw new NpyError(`${name}: ${message}`);
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail("not a .npy array (bad magic bytes)");
  const major = bytes[6] ?? 0;
  const minor = bytes[7] ?? 0;
  if (![1, 2, 3].includes(major) || minor !== 0) fail(`unsupported .npy format version ${major}.${minor} (known: 1.0, 2.0, 3.0)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prefix = major === 1 ? 10 : 12;
  if (bytes.length < prefix) fail("truncated header");
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (prefix + headerLength > bytes.length) fail("truncated header");
  const headerBytes = bytes.subarray(prefix, prefix + headerLength);
  const header = major === 3 ? new TextDecoder("utf-8", { fatal: true }).decode(headerBytes) : latin1(headerBytes);

  let parsed: PyValue;
  try {
    parsed = parsePythonLiteral(header.trim());
  } catch (error) {
    return fail(`unreadable header: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!(parsed instanceof Map)) return fail("header is not a dictionary");
  const keys = [...parsed.keys()].sort().join(",");
  if (keys !== "descr,fortran_order,shape") fail(`header keys are {${keys}}, expected descr, fortran_order and shape`);
  const descr = parsed.get("descr");
  const fortranOrder = parsed.get("fortran_order");
  const shapeValue = parsed.get("shape");
  if (typeof descr !== "string") {
    return fail("structured dtypes (a list descr) are not supported; store each field as its own array");
  }
  if (typeof fortranOrder !== "boolean") return fail("fortran_order must be True or False");
  if (!Array.isArray(shapeValue) || !shapeValue.every((d) => typeof d === "number" && Number.isSafeInteger(d) && d >= 0)) {
    return fail("shape must be a tuple of non-negative integers");
  }
  const shape = shapeValue as number[];

  const match = /^([<>|=])([a-zA-Z])(\d*)$/.exec(descr);
  if (!match) return fail(`unsupported dtype '${descr}'`);
  const [, order, kind, sizeText] = match as unknown as [string, string, string, string];
  if (kind === "O") fail("object arrays are refused: they hold pickled Python objects, and loading them can run code");
  const dtype = BY_CODE.get(`${kind}${sizeText}`);
  if (!dtype) return fail(`unsupported dtype '${descr}' (supported: float32/64, int8-64, uint8-64, bool)`);
  const info = DTYPES[dtype];

  let count = 1;
  for (const d of shape) {
    count *= d;
    if (!Number.isSafeInteger(count)) fail("shape is too large");
  }
  const byteLength = count * info.size;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_NPY_BYTES;
  if (byteLength > maxBytes) fail(`array of ${byteLength} bytes exceeds the limit of ${maxBytes}`);
  const dataStart = prefix + headerLength;
  if (bytes.length - dataStart !== byteLength) {
    fail(`data is ${bytes.length - dataStart} bytes, but shape (${shape.join(", ")}) of ${descr} needs ${byteLength}`);
  }

  let raw = bytes.slice(dataStart, dataStart + byteLength);
  const bigEndian = order === ">" || (order === "=" && !LITTLE_ENDIAN_HOST);
  if (info.size > 1 && bigEndian === LITTLE_ENDIAN_HOST) raw = swapBytes(raw, info.size);
  let data = info.make(raw.buffer, count);
  if (fortranOrder && shape.length > 1) data = fortranToC(data, shape);
  return { dtype, shape, data };
}

function latin1(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

function swapBytes(bytes: Uint8Array, size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += size) {
    for (let j = 0; j < size; j++) out[i + j] = bytes[i + size - 1 - j] ?? 0;
  }
  return out;
}

/** Reorders column-major data to row-major. */
function fortranToC<T extends TypedArray>(data: T, shape: number[]): T {
  const out = new (data.constructor as new (n: number) => T)(data.length);
  const ndim = shape.length;
  const fStrides: number[] = [];
  let stride = 1;
  for (let d = 0; d < ndim; d++) {
    fStrides.push(stride);
    stride *= shape[d] ?? 1;
  }
  const index = new Array<number>(ndim).fill(0);
  for (let c = 0; c < data.length; c++) {
    let f = 0;
    for (let d = 0; d < ndim; d++) f += (index[d] ?? 0) * (fStrides[d] ?? 0);
    (out as unknown as { [i: number]: number | bigint })[c] = (data as unknown as { [i: number]: number | bigint })[f] ?? 0;
    for (let d = ndim - 1; d >= 0; d--) {
      index[d] = (index[d] ?? 0) + 1;
      if ((index[d] ?? 0) < (shape[d] ?? 1)) break;
      index[d] = 0;
    }
  }
  return out;
}
