/**
 * An example Tier 2 classifier: nearest neighbours by word overlap. A documented scaffold for
 * writing your own; the built-in n-gram classifier is the better default.
 *
 *   moat train --import logs.jsonl --model examples/classifiers/word-overlap.ts -o fw.hbfw
 *   # agent.yaml
 *   tier2:
 *     model_path: fw.hbfw
 *     classifier: examples/classifiers/word-overlap.ts
 *
 * The contract (src/firewall/tier2/classifier.ts):
 * - The module exports a class named AgentClassifier. Moat makes two instances, `new
 *   AgentClassifier("attack")` and `new AgentClassifier("benign")`, and trains each on its own data.
 * - train(texts, context): texts are snippets of this instance's class ("User: ..." / "Agent: ..."
 *   lines, the judged turn last). context.background holds texts that are not of the class;
 *   context.groups / backgroundGroups name the conversation of each text. This example is a
 *   one-class model and only uses its own texts.
 * - predict(text, context) -> [isMatch, score]: is this snippet of my class? Called on the turn
 *   with up to two earlier turns, and on the turn alone. Keep it fast: it runs on every request.
 * - exportWeights() -> { name: typed array | {dtype, shape, data} }: saved in the .hbfw's
 *   weights.npz as "<role>.<name>"; plain numeric arrays only (no objects, no pickles).
 * - loadWeights(weights): gets the arrays back as {dtype, shape, data}; check what you read.
 * - static id: names the classifier in the .hbfw file; a model only loads with the classifier it
 *   was trained with.
 */
import type { AgentClassifier as Contract, ClassifierRole, ExportedWeights, TrainContext } from "../../src/firewall/tier2/classifier.js";
import type { NdArray } from "../../src/firewall/tier2/npy.js";

/** Words of the judged turn only (the last "User:" line): context is ignored by this example. */
function words(snippet: string): Set<number> {
  const lines = snippet.split("\n");
  const last = lines[lines.length - 1] ?? "";
  const out = new Set<number>();
  for (const word of last.toLowerCase().match(/[\p{L}\p{N}]{2,}/gu) ?? []) {
    if (word === "user") continue;
    let h = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
    out.add(h >>> 0);
  }
  return out;
}

/** Jaccard similarity of two sorted hash lists. */
function jaccard(a: Uint32Array, b: ReadonlySet<number>): number {
  if (a.length === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const h of a) if (b.has(h)) shared++;
  return shared / (a.length + b.size - shared);
}

export class AgentClassifier implements Contract {
  static readonly id = "example-word-overlap/1";

  /** All examples' word hashes, concatenated; offsets[i]..offsets[i+1] is example i. */
  private hashes: Uint32Array = new Uint32Array(0);
  private offsets: Uint32Array = new Uint32Array([0]);
  private threshold = 0.5;

  constructor(readonly name: ClassifierRole) {}

  train(texts: string[], _context: TrainContext): void {
    const sets = [...new Set(texts)].map((t) => Uint32Array.from([...words(t)].sort((x, y) => x - y))).filter((s) => s.length > 0);
    if (sets.length === 0) throw new Error(`${this.name}: nothing to learn from`);
    this.offsets = new Uint32Array(sets.length + 1);
    sets.forEach((s, i) => {
      this.offsets[i + 1] = (this.offsets[i] ?? 0) + s.length;
    });
    this.hashes = new Uint32Array(this.offsets[sets.length] ?? 0);
    sets.forEach((s, i) => this.hashes.set(s, this.offsets[i] ?? 0));
    // A match needs half of the words in common with some training example.
    this.threshold = 0.5;
  }

  predict(text: string, _context: string): [boolean, number] {
    const query = words(text);
    let best = 0;
    for (let i = 0; i + 1 < this.offsets.length; i++) {
      best = Math.max(best, jaccard(this.hashes.subarray(this.offsets[i], this.offsets[i + 1]), query));
      if (best === 1) break;
    }
    return [best >= this.threshold, best];
  }

  exportWeights(): ExportedWeights {
    return { hashes: this.hashes, offsets: this.offsets, threshold: new Float32Array([this.threshold]) };
  }

  loadWeights(weights: Record<string, NdArray>): void {
    const { hashes, offsets, threshold } = weights;
    if (hashes?.dtype !== "uint32" || offsets?.dtype !== "uint32" || threshold?.dtype !== "float32") {
      throw new Error(`${this.name}: expected uint32 hashes and offsets and a float32 threshold`);
    }
    const o = offsets.data as Uint32Array;
    if (o.length === 0 || o[0] !== 0 || o[o.length - 1] !== hashes.data.length) throw new Error(`${this.name}: offsets do not fit the hashes`);
    for (let i = 1; i < o.length; i++) if ((o[i] ?? 0) < (o[i - 1] ?? 0)) throw new Error(`${this.name}: offsets must not decrease`);
    this.hashes = hashes.data as Uint32Array;
    this.offsets = o;
    this.threshold = (threshold.data as Float32Array)[0] ?? 0.5;
  }
}
