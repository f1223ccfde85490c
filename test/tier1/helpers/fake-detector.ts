/** Scripted detectors for ensemble and tier tests: they record every call and signal. */
import type { Detector, ScanContext, ScanInput, Source, Thresholds } from "../../../src/firewall/tier1/detector.js";

/** What a fake answers for one input. */
export type Behaviour =
  | number
  | "hang" // never answers; rejects only when its signal aborts
  | { throws: string }
  | { returns: unknown }
  | ((input: ScanInput) => number);

export interface FakeOptions {
  name: string;
  behaviour: Behaviour;
  synchronous?: boolean;
  joinsTurns?: boolean;
  scan?: Source[];
  timeoutMs?: number;
  thresholds?: Partial<Record<Source, Thresholds>>;
}

export interface FakeDetector extends Detector {
  calls: Array<{ input: ScanInput; context: ScanContext; signal: AbortSignal }>;
}

const DEFAULT: Thresholds = { blockAt: 0.8, passBelow: 0.2 };

export function fake(options: FakeOptions): FakeDetector {
  const calls: FakeDetector["calls"] = [];
  const answer = (input: ScanInput, signal: AbortSignal): number | Promise<number> => {
    const b = options.behaviour;
    if (b === "hang") {
      return new Promise<number>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true }));
    }
    if (typeof b === "number") return b;
    if (typeof b === "function") return b(input);
    if ("throws" in b) throw new Error(b.throws);
    return b.returns as number;
  };
  return {
    name: options.name,
    kind: "fake",
    calls,
    ...(options.scan ? { scan: options.scan } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.synchronous ? { synchronous: true } : {}),
    ...(options.joinsTurns ? { joinsTurns: true } : {}),
    thresholds: (source) => options.thresholds?.[source] ?? DEFAULT,
    score(input, context, signal) {
      calls.push({ input, context, signal });
      if (options.synchronous) return answer(input, signal);
      // Asynchronous fakes answer on a later turn of the event loop, like real I/O.
      return new Promise<number>((resolve, reject) => {
        setImmediate(() => {
          try {
            Promise.resolve(answer(input, signal)).then(resolve, reject);
          } catch (error) {
            reject(error as Error);
          }
        });
      });
    },
  };
}
