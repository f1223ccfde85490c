/**
 * Near-duplicate detection by word 8-gram containment (the measure the data MANIFEST uses):
 * two texts are near-duplicates when at least half of the shorter one's 8-grams occur in the
 * other. Used to keep paraphrased copies of evaluation texts out of training (jailbreak lists
 * copy each other heavily) and to split a source by families rather than by rows.
 */
import { fnvString } from "../../../ml/hash.js";

const SHINGLE = 8;
const THRESHOLD = 0.5;

function shingles(text: string): Set<number> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const out = new Set<number>();
  if (words.length < SHINGLE) {
    out.add(fnvString(words.join(" ")));
    return out;
  }
  for (let i = 0; i + SHINGLE <= words.length; i++) out.add(fnvString(words.slice(i, i + SHINGLE).join(" ")));
  return out;
}

export class NearDuplicateIndex {
  private readonly docs: Set<number>[] = [];
  private readonly postings = new Map<number, number[]>();

  add(text: string): number {
    const id = this.docs.length;
    const s = shingles(text);
    this.docs.push(s);
    for (const h of s) {
      const list = this.postings.get(h);
      if (list) list.push(id);
      else this.postings.set(h, [id]);
    }
    return id;
  }

  /** Ids of indexed texts that are near-duplicates of `text`. */
  matches(text: string): number[] {
    return this.matchShingles(shingles(text));
  }

  has(text: string): boolean {
    return this.matches(text).length > 0;
  }

  private matchShingles(s: Set<number>): number[] {
    const shared = new Map<number, number>();
    for (const h of s) for (const id of this.postings.get(h) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
    const out: number[] = [];
    for (const [id, count] of shared) {
      const other = this.docs[id]?.size ?? 0;
      if (count / Math.max(1, Math.min(s.size, other)) >= THRESHOLD) out.push(id);
    }
    return out;
  }
}

/** Groups texts into near-duplicate families (connected components); returns a family id per text. */
export function nearDuplicateFamilies(texts: readonly string[]): number[] {
  const index = new NearDuplicateIndex();
  const parent = texts.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      const p = parent[i] ?? i;
      parent[i] = parent[p] ?? p;
      i = p;
    }
    return i;
  };
  texts.forEach((text, i) => {
    for (const j of index.matches(text)) {
      const a = find(i);
      const b = find(j);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
    index.add(text);
  });
  return texts.map((_, i) => find(i));
}
