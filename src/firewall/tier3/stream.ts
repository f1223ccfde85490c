/**
 * Reading the judge's streamed reply in two steps: first the verdict letter, as soon as the token
 * carrying it arrives; then, off the critical path, the reason, bounded in length (the stream is
 * cut once enough has arrived) and in time (the judge's deadline aborts the request).
 *
 * No await here may outlive an abort: every read races the attempt's signal, because a fetch
 * implementation whose body never settles (a proxy, an instrumented fetch) must not hang the
 * judge past its deadline.
 */
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { cleanReason, scanVerdict, type VerdictLetter } from "./verdict.js";

export type ChunkIterator = AsyncIterator<ChatCompletionChunk>;

/** The judge's reason as it arrives; the trace holds this object and sees it fill in. */
export interface ReasonRecord {
  text: string;
  /** Collection has ended; `cut` says why when it ended before the reply did. */
  done: boolean;
  /** "length", a time limit, "closed", or the error that broke the stream. */
  cut?: string;
}

export type FirstLetter =
  | { kind: "letter"; letter: VerdictLetter; afterLetter: string }
  | { kind: "invalid"; seen: string; finishReason?: string };

/** One streamed request: its chunks, its abort signal, and how to end it early. */
export interface AttemptStream {
  iterator: ChunkIterator;
  signal: AbortSignal;
  /** Aborts the HTTP request and releases the iterator, without waiting for either. */
  stop(): void;
}

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function chunkText(chunk: ChatCompletionChunk): { text: string; finishReason?: string } {
  const choice = chunk.choices?.[0];
  const delta = choice?.delta;
  const text = typeof delta?.content === "string" ? delta.content : typeof delta?.refusal === "string" ? delta.refusal : "";
  return choice?.finish_reason ? { text, finishReason: choice.finish_reason } : { text };
}

/** Reads until the verdict letter is known (or known to be missing); stops the stream if missing. */
export async function readFirstLetter(stream: AttemptStream): Promise<FirstLetter> {
  let received = "";
  let finishReason: string | undefined;
  for (;;) {
    const next = await raceAbort(stream.iterator.next(), stream.signal);
    if (next.done) break;
    const { text, finishReason: finish } = chunkText(next.value);
    if (finish) finishReason = finish;
    if (!text) continue;
    received += text;
    const scan = scanVerdict(received);
    if (scan.status === "letter") return { kind: "letter", letter: scan.letter, afterLetter: received.slice(scan.end) };
    if (scan.status === "invalid") {
      stream.stop();
      return { kind: "invalid", seen: received.trim().slice(0, 80) };
    }
  }
  const seen = received.trim().slice(0, 80);
  return finishReason ? { kind: "invalid", seen, finishReason } : { kind: "invalid", seen };
}

export interface ReasonOptions {
  maxChars: number;
  describeAbort(reason: unknown): string;
  describeError(error: unknown): string;
}

/** Collects the rest of the reply into `record`; never throws, always ends the stream. */
export async function collectReason(stream: AttemptStream, afterLetter: string, record: ReasonRecord, options: ReasonOptions): Promise<void> {
  let raw = afterLetter;
  const publish = () => {
    const text = cleanReason(raw);
    record.text = text.length > options.maxChars ? `${text.slice(0, options.maxChars)}…` : text;
    return text.length;
  };
  try {
    if (publish() >= options.maxChars) {
      record.cut = "length";
      return;
    }
    for (;;) {
      const next = await raceAbort(stream.iterator.next(), stream.signal);
      if (next.done) break;
      const { text } = chunkText(next.value);
      if (!text) continue;
      raw += text;
      if (publish() >= options.maxChars) {
        record.cut = "length";
        return;
      }
    }
    // The SDK ends the iteration quietly when the request is aborted; the signal tells the two apart.
    if (stream.signal.aborted) record.cut = options.describeAbort(stream.signal.reason);
  } catch (error) {
    record.cut = stream.signal.aborted ? options.describeAbort(stream.signal.reason) : options.describeError(error);
  } finally {
    publish();
    record.done = true;
    stream.stop();
  }
}
