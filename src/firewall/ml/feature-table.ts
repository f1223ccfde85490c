/**
 * Accumulates feature values by hash bucket for one text. An open-addressing table sized to the
 * text (a few thousand n-grams) instead of arrays of 2^bits entries: each n-gram then lands in
 * memory that stays in cache, where a dense accumulator costs several cache misses per n-gram.
 * Buckets are kept in first-touch order, so vectors come out in the order the n-grams appear.
 */

export class FeatureTable {
  /** Per slot: bucket + 1, or 0 when empty. */
  private keys = new Int32Array(0);
  /** Per slot: the bucket's accumulated value (float32, as the dense accumulator was). */
  private sums = new Float32Array(0);
  /** Slots in first-touch order. */
  private order = new Int32Array(0);
  private slotMask = 0;
  size = 0;

  /** Empties the table and sizes it for at most `maxBuckets` distinct buckets. */
  reset(maxBuckets: number): void {
    this.clear();
    // Load factor at most 1/2 keeps linear probes short.
    let capacity = 16;
    while (capacity < 2 * maxBuckets) capacity *= 2;
    if (capacity > this.keys.length) {
      this.keys = new Int32Array(capacity);
      this.sums = new Float32Array(capacity);
      this.order = new Int32Array(capacity >>> 1);
    }
    // A table grown for a long text keeps its size, but a short text probes only its prefix.
    this.slotMask = capacity - 1;
  }

  /**
   * Adds each hash of `hashes[from..to)` to its bucket (hash & mask): +weight, or -weight when
   * `signed` and the hash's top bit is set (collisions then cancel on average). The bucket's low
   * bits are hash bits, so they also pick the slot.
   */
  addHashes(hashes: Int32Array, from: number, to: number, mask: number, signed: boolean, weight: number): void {
    const { keys, sums, order, slotMask } = this;
    let size = this.size;
    for (let j = from; j < to; j++) {
      const m = hashes[j] ?? 0;
      const bucket = m & mask;
      const key = bucket + 1;
      const delta = signed && m < 0 ? -weight : weight;
      let s = bucket & slotMask;
      for (;;) {
        const k = keys[s] ?? 0;
        if (k === key) {
          sums[s] = (sums[s] ?? 0) + delta;
          break;
        }
        if (k === 0) {
          keys[s] = key;
          sums[s] = delta;
          order[size++] = s;
          break;
        }
        s = (s + 1) & slotMask;
      }
    }
    this.size = size;
  }

  /** The k-th bucket touched. */
  bucket(k: number): number {
    return (this.keys[this.order[k] ?? 0] ?? 0) - 1;
  }

  /** The k-th bucket's value. */
  value(k: number): number {
    return this.sums[this.order[k] ?? 0] ?? 0;
  }

  /** Replaces the k-th bucket's value (stored as float32). */
  setValue(k: number, v: number): void {
    this.sums[this.order[k] ?? 0] = v;
  }

  private clear(): void {
    const { keys, order } = this;
    for (let k = 0; k < this.size; k++) keys[order[k] ?? 0] = 0;
    this.size = 0;
  }
}
