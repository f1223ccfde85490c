/**
 * Builds a SentencePiece precompiled charsmap (darts-clone double-array trie + replacement
 * strings) for tokenizer tests. Real models ship one made by SentencePiece; this builder writes
 * the same layout for a handful of entries.
 */
interface Node {
  children: Map<number, Node>;
  value?: number;
}

function buildDoubleArray(entries: ReadonlyArray<readonly [Uint8Array, number]>): Uint32Array {
  const root: Node = { children: new Map() };
  for (const [key, value] of entries) {
    let node = root;
    for (const byte of key) {
      let next = node.children.get(byte);
      if (!next) {
        next = { children: new Map() };
        node.children.set(byte, next);
      }
      node = next;
    }
    node.value = value;
  }
  const units: number[] = [0];
  const used = new Set<number>([0]);
  // Each base belongs to one parent: a position and a label then identify a single parent,
  // which is what lets the reader check nothing but the label.
  const bases = new Set<number>();
  const assign = (node: Node, pos: number): void => {
    const labels = [...(node.value !== undefined ? [0] : []), ...[...node.children.keys()].sort((a, b) => a - b)];
    if (labels.length === 0) return;
    let base = 1;
    while (bases.has(base) || labels.some((l) => used.has(base ^ l) || (base ^ l) === 0)) base++;
    bases.add(base);
    for (const l of labels) used.add(base ^ l);
    const offset = pos ^ base;
    if (offset >= 1 << 21) throw new Error("test trie too large");
    units[pos] = ((units[pos] ?? 0) | (offset << 10)) >>> 0;
    if (node.value !== undefined) units[base] = (0x80000000 | node.value) >>> 0;
    for (const [label, child] of node.children) {
      const at = base ^ label;
      units[at] = label | (child.value !== undefined ? 1 << 8 : 0);
      assign(child, at);
    }
  };
  assign(root, 0);
  return Uint32Array.from({ length: units.length }, (_, i) => units[i] ?? 0);
}

/** Base64 charsmap mapping each key to its replacement. */
export function buildCharsmap(map: Record<string, string>): string {
  const encoder = new TextEncoder();
  const blob: number[] = [];
  const entries: Array<[Uint8Array, number]> = [];
  for (const [from, to] of Object.entries(map)) {
    entries.push([encoder.encode(from), blob.length]);
    blob.push(...encoder.encode(to), 0);
  }
  const trie = buildDoubleArray(entries);
  const out = Buffer.alloc(4 + trie.length * 4 + blob.length);
  out.writeUInt32LE(trie.length * 4, 0);
  trie.forEach((unit, i) => out.writeUInt32LE(unit, 4 + i * 4));
  Buffer.from(blob).copy(out, 4 + trie.length * 4);
  return out.toString("base64");
}
