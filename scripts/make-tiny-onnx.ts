/**
 * Writes a tiny Hugging Face-style sequence-classification export (model.onnx, tokenizer.json,
 * config.json) so the ONNX detector can be tested without downloading a model.
 *
 * The graph is mean-pooled embeddings followed by a linear head:
 *   logits = (Σ_i mask_i · (E[input_ids_i] + T[token_type_ids_i])) / Σ_i mask_i · W + B
 * small enough to check by hand. Weights are multiples of 1/4, so sums are exact in float32 and
 * only the final division by the token count rounds.
 *
 *   npx tsx scripts/make-tiny-onnx.ts <out-dir> [--unigram] [--onnx-subdir] [--no-token-types]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import onnxProto from "onnx-proto";

const { onnx } = onnxProto;

export const HIDDEN = 4;

/** Words the head reads as attack (dimension 0) or benign (dimension 1). */
const ATTACK_WORDS = new Set(["ignore", "previous", "instructions", "reveal", "system", "prompt", "jailbreak"]);
const BENIGN_WORDS = new Set(["hello", "world", "the", "weather", "is", "nice", "what", "my", "balance", "account", "thanks"]);

export const SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] as const;

/** Word-level vocabulary shared by both tokenizer flavours (pieces are decorated per flavour). */
const WORDS = [
  "hello", "world", "the", "weather", "is", "nice", "ignore", "all", "previous", "instructions",
  "reveal", "system", "prompt", "what", "my", "balance", "account", "thanks", "jailbreak", "un", "able",
] as const;
const PUNCT = [".", ",", "!", "?"] as const;

export type TokenizerFlavour = "wordpiece" | "unigram";

/** The token strings in id order for a flavour. */
export function tinyVocab(flavour: TokenizerFlavour): string[] {
  const pieces: string[] = [...SPECIAL_TOKENS];
  if (flavour === "wordpiece") {
    pieces.push(...WORDS, ...PUNCT, "##s", "##able", "##ing");
  } else {
    pieces.push(...WORDS.map((w) => `▁${w}`), ...PUNCT, "▁", "s", "able", "ing", "a", "b", "c");
  }
  return pieces;
}

/** Undecorated word of a piece: "▁hello" and "hello" and "##s" read the same embedding row. */
function bareWord(piece: string): string {
  return piece.replace(/^▁/, "").replace(/^##/, "");
}

/** Embedding row for the token with this id: [attack, benign, id-dependent, id-dependent]. */
export function embeddingRow(id: number, piece: string): number[] {
  const word = bareWord(piece);
  const attack = ATTACK_WORDS.has(word) ? 2 : 0;
  const benign = BENIGN_WORDS.has(word) ? 1 : 0;
  return [attack, benign, (id % 4) * 0.25, -(id % 3) * 0.5];
}

/** Token-type embeddings (two segments). */
export const TYPE_EMBEDDING: number[][] = [
  [0, 0, 0.5, 0],
  [0, 0, 0, 0.5],
];
/** Head weights, [HIDDEN][2]: column 0 is label 0, column 1 is label 1. */
export const HEAD_WEIGHTS: number[][] = [
  [0, 5],
  [1, 0],
  [0.5, -0.25],
  [0.25, 0.5],
];
export const HEAD_BIAS: number[] = [0.5, -0.5];

export interface TinyModelOptions {
  flavour?: TokenizerFlavour;
  /** Put the model at onnx/model.onnx (as optimum exports do) instead of model.onnx. */
  onnxSubdir?: boolean;
  /** Include a token_type_ids input (BERT) or not (DeBERTa-v3 exports often omit it). */
  tokenTypeIds?: boolean;
  /** id2label written to config.json; default { 0: SAFE, 1: INJECTION }. */
  id2label?: Record<string, string>;
  /** Number of output labels; extra labels get zero weights. Default 2. */
  numLabels?: number;
}

function floatTensor(name: string, dims: number[], values: number[]): onnxProto.onnx.ITensorProto {
  return { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, floatData: values };
}

function int64Tensor(name: string, dims: number[], values: number[]): onnxProto.onnx.ITensorProto {
  return { name, dims, dataType: onnx.TensorProto.DataType.INT64, int64Data: values };
}

function int64Input(name: string): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.INT64, shape: { dim: [{ dimParam: "batch" }, { dimParam: "sequence" }] } } },
  };
}

function node(opType: string, inputs: string[], outputs: string[], attribute: onnxProto.onnx.IAttributeProto[] = []): onnxProto.onnx.INodeProto {
  return { opType, input: inputs, output: outputs, name: outputs[0] ?? opType, attribute };
}

/** The serialized ONNX model (opset 13) for a vocabulary. */
export function buildTinyModel(vocab: readonly string[], tokenTypeIds: boolean, numLabels = 2): Uint8Array {
  const embedding = vocab.flatMap((piece, id) => embeddingRow(id, piece));
  const head = HEAD_WEIGHTS.flatMap((row) => [...row, ...new Array<number>(numLabels - 2).fill(0)]);
  const bias = [...HEAD_BIAS, ...new Array<number>(numLabels - 2).fill(0)];
  const nodes: onnxProto.onnx.INodeProto[] = [node("Gather", ["embedding", "input_ids"], ["word_vectors"])];
  let vectors = "word_vectors";
  if (tokenTypeIds) {
    nodes.push(node("Gather", ["type_embedding", "token_type_ids"], ["type_vectors"]));
    nodes.push(node("Add", ["word_vectors", "type_vectors"], ["token_vectors"]));
    vectors = "token_vectors";
  }
  nodes.push(
    node("Cast", ["attention_mask"], ["mask_f"], [{ name: "to", type: onnx.AttributeProto.AttributeType.INT, i: onnx.TensorProto.DataType.FLOAT }]),
    node("Unsqueeze", ["mask_f", "axis_2"], ["mask_3d"]),
    node("Mul", [vectors, "mask_3d"], ["masked"]),
    node("ReduceSum", ["masked", "axis_1"], ["summed"], [{ name: "keepdims", type: onnx.AttributeProto.AttributeType.INT, i: 0 }]),
    node("ReduceSum", ["mask_f", "axis_1"], ["count"], [{ name: "keepdims", type: onnx.AttributeProto.AttributeType.INT, i: 1 }]),
    node("Div", ["summed", "count"], ["pooled"]),
    node("MatMul", ["pooled", "head"], ["projected"]),
    node("Add", ["projected", "bias"], ["logits"]),
  );
  const initializer = [
    floatTensor("embedding", [vocab.length, HIDDEN], embedding),
    floatTensor("head", [HIDDEN, numLabels], head),
    floatTensor("bias", [numLabels], bias),
    int64Tensor("axis_1", [1], [1]),
    int64Tensor("axis_2", [1], [2]),
  ];
  if (tokenTypeIds) initializer.push(floatTensor("type_embedding", [2, HIDDEN], TYPE_EMBEDDING.flat()));
  const inputs = [int64Input("input_ids"), int64Input("attention_mask")];
  if (tokenTypeIds) inputs.push(int64Input("token_type_ids"));
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: "moat make-tiny-onnx",
    opsetImport: [{ domain: "", version: 13 }],
    graph: {
      name: "tiny_sequence_classifier",
      node: nodes,
      initializer,
      input: inputs,
      output: [
        {
          name: "logits",
          type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: "batch" }, { dimValue: numLabels }] } } },
        },
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function addedTokens(vocab: readonly string[]): Record<string, unknown>[] {
  return SPECIAL_TOKENS.map((content) => ({
    id: vocab.indexOf(content),
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));
}

function template(vocab: readonly string[]): Record<string, unknown> {
  const cls = vocab.indexOf("[CLS]");
  const sep = vocab.indexOf("[SEP]");
  return {
    type: "TemplateProcessing",
    single: [{ SpecialToken: { id: "[CLS]", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "[SEP]", type_id: 0 } }],
    pair: [
      { SpecialToken: { id: "[CLS]", type_id: 0 } },
      { Sequence: { id: "A", type_id: 0 } },
      { SpecialToken: { id: "[SEP]", type_id: 0 } },
      { Sequence: { id: "B", type_id: 1 } },
      { SpecialToken: { id: "[SEP]", type_id: 1 } },
    ],
    special_tokens: {
      "[CLS]": { id: "[CLS]", ids: [cls], tokens: ["[CLS]"] },
      "[SEP]": { id: "[SEP]", ids: [sep], tokens: ["[SEP]"] },
    },
  };
}

/** A tokenizer.json in the layout the `tokenizers` library writes. */
export function buildTinyTokenizer(flavour: TokenizerFlavour): Record<string, unknown> {
  const vocab = tinyVocab(flavour);
  const base = { version: "1.0", truncation: null, padding: null, added_tokens: addedTokens(vocab), post_processor: template(vocab), decoder: null };
  if (flavour === "wordpiece") {
    return {
      ...base,
      normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
      pre_tokenizer: { type: "BertPreTokenizer" },
      model: {
        type: "WordPiece",
        unk_token: "[UNK]",
        continuing_subword_prefix: "##",
        max_input_chars_per_word: 100,
        vocab: Object.fromEntries(vocab.map((piece, id) => [piece, id])),
      },
    };
  }
  // DeBERTa-v3 layout: Strip, Replace runs of spaces, Metaspace, Unigram with log-probability scores.
  return {
    ...base,
    normalizer: {
      type: "Sequence",
      normalizers: [
        { type: "Lowercase" },
        { type: "Strip", strip_left: true, strip_right: true },
        { type: "Replace", pattern: { Regex: " {2,}" }, content: " " },
      ],
    },
    pre_tokenizer: { type: "Sequence", pretokenizers: [{ type: "Metaspace", replacement: "▁", prepend_scheme: "always", split: true }] },
    model: {
      type: "Unigram",
      unk_id: vocab.indexOf("[UNK]"),
      byte_fallback: false,
      vocab: vocab.map((piece) => [piece, (SPECIAL_TOKENS as readonly string[]).includes(piece) ? 0 : -1 - piece.length / 10]),
    },
  };
}

/** Writes model, tokenizer.json and config.json into dir; returns the model file path. */
export function writeTinyModel(dir: string, options: TinyModelOptions = {}): string {
  const flavour = options.flavour ?? "wordpiece";
  const tokenTypeIds = options.tokenTypeIds ?? flavour === "wordpiece";
  const numLabels = options.numLabels ?? 2;
  const vocab = tinyVocab(flavour);
  mkdirSync(dir, { recursive: true });
  const modelDir = options.onnxSubdir ? join(dir, "onnx") : dir;
  mkdirSync(modelDir, { recursive: true });
  const modelPath = join(modelDir, "model.onnx");
  writeFileSync(modelPath, buildTinyModel(vocab, tokenTypeIds, numLabels));
  writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(buildTinyTokenizer(flavour), null, 2));
  const id2label = options.id2label ?? { "0": "SAFE", "1": "INJECTION" };
  const config = {
    architectures: [flavour === "wordpiece" ? "BertForSequenceClassification" : "DebertaV2ForSequenceClassification"],
    model_type: flavour === "wordpiece" ? "bert" : "deberta-v2",
    id2label,
    label2id: Object.fromEntries(Object.entries(id2label).map(([id, label]) => [label, Number(id)])),
    max_position_embeddings: 512,
    vocab_size: vocab.length,
  };
  writeFileSync(join(dir, "config.json"), JSON.stringify(config, null, 2));
  return modelPath;
}

function main(argv: string[]): void {
  const out = argv.find((a) => !a.startsWith("--"));
  if (!out) {
    process.stderr.write("usage: tsx scripts/make-tiny-onnx.ts <out-dir> [--unigram] [--onnx-subdir] [--no-token-types]\n");
    process.exitCode = 2;
    return;
  }
  const path = writeTinyModel(resolve(out), {
    flavour: argv.includes("--unigram") ? "unigram" : "wordpiece",
    onnxSubdir: argv.includes("--onnx-subdir"),
    ...(argv.includes("--no-token-types") ? { tokenTypeIds: false } : {}),
  });
  process.stdout.write(`wrote ${path}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main(process.argv.slice(2));
