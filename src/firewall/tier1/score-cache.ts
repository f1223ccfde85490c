/**
 * Remembers a detector's scores by text, so that what a conversation repeats is scored once. An
 * agent re-sends the user's prompt and every tool result so far on each tool round trip, and
 * without this the ensemble scores all of them again each time: the cost of a tool loop grows
 * with the square of its length.
 *
 * Only for detectors whose score is a function of the text and its source alone (the built-in
 * model, ONNX models); an HTTP API may also read the conversation, or change between calls.
 * Keys are SHA-256 digests of the text: exact (no crafted text can borrow another text's score,
 * as it could through a short hash or a lossy encoding) and small however long the text. A
 * lookup costs about 2 µs (hashing about 1 ns per character, the rest the map), against 60 ns
 * per character for scoring with the built-in model (bench/eval-cost.ts): texts shorter than
 * MIN_CACHED_CHARS are scored every time, since remembering them would cost about what it saves.
 */
import { hash } from "node:crypto";
import { isProbability, isThenable, type Detector, type ScanContext, type ScanInput, type Source } from "./detector.js";

/** Shorter texts are not cached: scoring 256 characters costs about 20 µs, a lookup about 2. */
export const MIN_CACHED_CHARS = 256;

/** Entries kept by default: about 170 bytes of heap each (key and map), 0.7 MB in all. */
export const DEFAULT_SCORE_CACHE_ENTRIES = 4096;
/** The most agent.yaml may ask for: 17 MB per cached detector. */
export const MAX_SCORE_CACHE_ENTRIES = 100_000;

export interface ScoreCacheStats {
  hits: number;
  misses: number;
  entries: number;
}

/** Least recently used scores, by source and text. */
export class ScoreCache {
  private readonly scores = new Map<string, number>();
  private hits = 0;
  private misses = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`score cache capacity must be a positive integer, got ${capacity}`);
  }

  static key(source: Source, text: string): string {
    const kind = source === "prompt" ? "p" : "t";
    // UTF-8 is lossless for well-formed text and half the bytes of UTF-16; a lone surrogate would
    // become U+FFFD in it, so such text is hashed as its code units, under another prefix.
    if (isWellFormed(text)) return `${kind}8${hash("sha256", text, "base64")}`;
    return `${kind}16${hash("sha256", Buffer.from(text, "utf16le"), "base64")}`;
  }

  get(key: string): number | undefined {
    const score = this.scores.get(key);
    if (score === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Re-insert so that Map order stays least recently used first.
    this.scores.delete(key);
    this.scores.set(key, score);
    return score;
  }

  set(key: string, score: number): void {
    this.scores.delete(key);
    this.scores.set(key, score);
    if (this.scores.size > this.capacity) {
      const oldest = this.scores.keys().next();
      if (!oldest.done) this.scores.delete(oldest.value);
    }
  }

  stats(): ScoreCacheStats {
    return { hits: this.hits, misses: this.misses, entries: this.scores.size };
  }
}

// String.prototype.isWellFormed is in Node 20 (V8 11.3) but not in the ES2023 library types.
const wellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;

function isWellFormed(text: string): boolean {
  if (wellFormed) return wellFormed.call(text);
  return !/\p{Surrogate}/u.test(text);
}

/** A detector that answers repeated texts from the cache. Only completed probabilities are cached. */
export interface CachingDetector extends Detector {
  readonly cache: ScoreCache;
}

export function withScoreCache(detector: Detector, capacity: number): CachingDetector {
  const cache = new ScoreCache(capacity);
  return {
    cache,
    name: detector.name,
    kind: detector.kind,
    scan: detector.scan,
    timeoutMs: detector.timeoutMs,
    synchronous: detector.synchronous,
    joinsTurns: detector.joinsTurns,
    thresholds: (source) => detector.thresholds(source),
    score(input: ScanInput, context: ScanContext, signal: AbortSignal): Promise<number> | number {
      if (input.text.length < MIN_CACHED_CHARS) return detector.score(input, context, signal);
      const key = ScoreCache.key(input.source, input.text);
      const known = cache.get(key);
      if (known !== undefined) return known;
      const scored = detector.score(input, context, signal);
      if (isThenable(scored)) {
        return Promise.resolve(scored).then((score) => {
          if (isProbability(score)) cache.set(key, score);
          return score;
        });
      }
      if (isProbability(scored)) cache.set(key, scored);
      return scored;
    },
    close: async () => detector.close?.(),
  };
}
