/**
 * A local transformer sequence classifier (DeBERTa, Prompt Guard, BERT...) run in-process with
 * onnxruntime-node. One session per model, created at start-up; the text is tokenized in JS,
 * cut into overlapping windows, each window wrapped in the model's special tokens, and the
 * attack probability is the highest over the windows.
 */
import { InferenceSession, Tensor } from "onnxruntime-node";
import { basename } from "node:path";
import type { Detector, ScanInput, Source, Thresholds } from "../detector.js";
import { DetectorError } from "../detector.js";
import { DetectorSetupError } from "../setup-error.js";
import { Tokenizer } from "../tokenizer/tokenizer.js";
import { TokenizerConfigError } from "../tokenizer/errors.js";
import { attackLabelIndexes } from "./labels.js";
import { findModelFiles } from "./model-dir.js";
import { softmax, windows } from "./windows.js";

export interface OnnxDetectorOptions {
  /** The export folder (absolute). */
  dir: string;
  name?: string;
  attackLabel?: string | readonly string[];
  /** Tokens per window, special tokens included. */
  maxLength: number;
  /** Tokens shared by consecutive windows; default a quarter of the window. */
  stride?: number;
  threads: number;
  thresholds: Record<Source, Thresholds>;
  scan?: readonly Source[];
  timeoutMs?: number;
}

const KNOWN_INPUTS = new Set(["input_ids", "attention_mask", "token_type_ids"]);
/** Windows per session.run, to bound memory on very long inputs. */
const MAX_BATCH = 8;

interface InputSpec {
  name: string;
  type: "int64" | "int32";
}

export class OnnxDetector implements Detector {
  readonly kind = "onnx";
  readonly name: string;
  readonly scan?: readonly Source[];
  readonly timeoutMs?: number;

  private constructor(
    private readonly session: InferenceSession,
    private readonly tokenizer: Tokenizer,
    private readonly inputs: readonly InputSpec[],
    private readonly output: string,
    private readonly attackIndexes: readonly number[],
    private readonly numLabels: number,
    private readonly windowSize: number,
    private readonly overlap: number,
    private readonly batchLimit: number,
    private readonly limits: Record<Source, Thresholds>,
    options: OnnxDetectorOptions,
  ) {
    this.name = options.name ?? `onnx:${basename(options.dir)}`;
    if (options.scan) this.scan = options.scan;
    if (options.timeoutMs !== undefined) this.timeoutMs = options.timeoutMs;
  }

  static async load(options: OnnxDetectorOptions): Promise<OnnxDetector> {
    const files = findModelFiles(options.dir);
    let tokenizer: Tokenizer;
    try {
      tokenizer = Tokenizer.fromFile(files.tokenizer);
    } catch (error) {
      if (error instanceof TokenizerConfigError) throw new DetectorSetupError(error.message);
      throw error;
    }
    const attackIndexes = attackLabelIndexes(files.id2label, options.attackLabel, `${files.dir}/config.json`);
    const windowSize = options.maxLength - tokenizer.specialTokenCount;
    if (windowSize < 1) throw new DetectorSetupError(`${files.dir}: max_length ${options.maxLength} leaves no room after ${tokenizer.specialTokenCount} special tokens`);
    const overlap = options.stride ?? Math.floor(windowSize / 4);
    if (overlap >= windowSize) throw new DetectorSetupError(`${files.dir}: stride ${overlap} must be smaller than the window (${windowSize} tokens)`);

    let session: InferenceSession;
    try {
      session = await InferenceSession.create(files.model, {
        intraOpNumThreads: options.threads,
        interOpNumThreads: 1,
        graphOptimizationLevel: "all",
        executionProviders: ["cpu"],
      });
    } catch (error) {
      throw new DetectorSetupError(`${files.model}: onnxruntime cannot load the model (${(error as Error).message})`);
    }
    const inputs: InputSpec[] = [];
    let batchLimit = MAX_BATCH;
    for (const meta of session.inputMetadata) {
      if (!KNOWN_INPUTS.has(meta.name)) {
        await session.release();
        throw new DetectorSetupError(`${files.model}: model input "${meta.name}" is not one of ${[...KNOWN_INPUTS].join(", ")}`);
      }
      const type = meta.isTensor && meta.type === "int32" ? "int32" : "int64";
      if (meta.isTensor && typeof meta.shape[0] === "number") batchLimit = Math.min(batchLimit, Math.max(1, meta.shape[0]));
      inputs.push({ name: meta.name, type });
    }
    if (!inputs.some((i) => i.name === "input_ids")) {
      await session.release();
      throw new DetectorSetupError(`${files.model}: the model has no input_ids input`);
    }
    const output = session.outputNames.includes("logits") ? "logits" : session.outputNames[0];
    if (!output) throw new DetectorSetupError(`${files.model}: the model has no output`);
    return new OnnxDetector(session, tokenizer, inputs, output, attackIndexes, files.id2label.length, windowSize, overlap, batchLimit, options.thresholds, options);
  }

  thresholds(source: Source): Thresholds {
    return this.limits[source];
  }

  /** The token windows the model sees for a text, special tokens included. */
  encodeWindows(text: string): Array<{ ids: number[]; typeIds: number[] }> {
    return windows(this.tokenizer.encode(text), this.windowSize, this.overlap).map((w) => this.tokenizer.wrap(w));
  }

  async score(input: ScanInput, _context: unknown, signal: AbortSignal): Promise<number> {
    const encoded = this.encodeWindows(input.text);
    let best = 0;
    for (let i = 0; i < encoded.length; i += this.batchLimit) {
      // onnxruntime cannot stop a run midway; stop between batches instead.
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new DetectorError("aborted");
      for (const p of await this.run(encoded.slice(i, i + this.batchLimit))) best = Math.max(best, p);
    }
    return best;
  }

  /** Attack probability for each window of a batch. */
  async run(batch: ReadonlyArray<{ ids: number[]; typeIds: number[] }>): Promise<number[]> {
    const length = Math.max(...batch.map((w) => w.ids.length));
    const size = batch.length * length;
    const feeds: Record<string, Tensor> = {};
    for (const spec of this.inputs) {
      const data = spec.type === "int64" ? new BigInt64Array(size) : new Int32Array(size);
      batch.forEach((w, row) => {
        for (let j = 0; j < w.ids.length; j++) {
          const value = spec.name === "input_ids" ? (w.ids[j] as number) : spec.name === "attention_mask" ? 1 : (w.typeIds[j] as number);
          const at = row * length + j;
          if (data instanceof BigInt64Array) data[at] = BigInt(value);
          else data[at] = value;
        }
        // Padding: id 0 with attention 0, which the model ignores.
      });
      feeds[spec.name] = new Tensor(spec.type, data, [batch.length, length]);
    }
    const results = await this.session.run(feeds);
    const logits = results[this.output];
    if (!logits || !(logits.data instanceof Float32Array) || logits.dims.length !== 2 || logits.dims[0] !== batch.length || logits.dims[1] !== this.numLabels) {
      throw new DetectorError(`${this.name}: expected logits of shape [${batch.length}, ${this.numLabels}], got ${logits ? `[${logits.dims.join(", ")}] ${logits.type}` : "nothing"}`);
    }
    const data = logits.data;
    return batch.map((_, row) => {
      const probs = softmax(data.subarray(row * this.numLabels, (row + 1) * this.numLabels));
      return Math.min(1, this.attackIndexes.reduce((sum, index) => sum + (probs[index] as number), 0));
    });
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
