/**
 * Reading the judge's streamed reply in two steps: first the verdict letter, as soon as the token
 * carrying it arrives; then, off the critical path, the reason, bounded in length (the stream is
 * cut once enough has arrived) and in time (the caller's deadline aborts the request).
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
  | { kind: "letter"; letter: VerdictLetter; afterLetter: string; iterator: ChunkIterator }
  | { kind: "invalid"; seen: string; finishReason?: string };

function chunkText(chunk: ChatCompletionChunk): { text: string; finishReason?: string } {
  const choice = chunk.choices?.[0];
  const delta = choice?.delta;
  const text = typeof delta?.content === "string" ? delta.content : typeof delta?.refusal === "string" ? delta.refusal : "";
  return choice?.finish_reason ? { text, finishReason: choice.finish_reason } : { text };
}

/** Reads until the verdict letter is known (or known to be missing). */
export async function readFirstLetter(iterator: ChunkIterator): Promise<FirstLetter> {
  let received = "";
  let finishReason: string | undefined;
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    const { text, finishReason: finish } = chunkText(next.value);
    if (finish) finishReason = finish;
    if (!text) continue;
    received += text;
    const scan = scanVerdict(received);
    if (scan.status === "letter") return { kind: "letter", letter: scan.letter, afterLetter: received.slice(scan.end), iterator };
    if (scan.status === "invalid") {
      await stopIterator(iterator);
      return { kind: "invalid", seen: received.trim().slice(0, 80) };
    }
  }
  return finishReason ? { kind: "invalid", seen: received.trim().slice(0, 80), finishReason } : { kind: "invalid", seen: received.trim().slice(0, 80) };
}

/** Ending the iteration early makes the SDK abort the HTTP request, so no stream is left open. */
export async function stopIterator(iterator: ChunkIterator): Promise<void> {
  try {
    await iterator.return?.();
  } catch {
    // The request is being torn down either way.
  }
}

export interface ReasonOptions {
  maxChars: number;
  /** Aborted by the judge's deadline or by close(); its reason says which. */
  signal: AbortSignal;
  describeAbort(reason: unknown): string;
  describeError(error: unknown): string;
}

/** Collects the rest of the reply into `record`; never throws. */
export async function collectReason(iterator: ChunkIterator, afterLetter: string, record: ReasonRecord, options: ReasonOptions): Promise<void> {
  let raw = afterLetter;
  const publish = () => {
    const text = cleanReason(raw);
    record.text = text.length > options.maxChars ? `${text.slice(0, options.maxChars)}…` : text;
    return text.length;
  };
  try {
    if (publish() >= options.maxChars) {
      record.cut = "length";
      await stopIterator(iterator);
      return;
    }
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      const { text } = chunkText(next.value);
      if (!text) continue;
      raw += text;
      if (publish() >= options.maxChars) {
        record.cut = "length";
        await stopIterator(iterator);
        return;
      }
    }
    // The SDK ends the iteration quietly when the request is aborted; the signal tells the two apart.
    if (options.signal.aborted) record.cut = options.describeAbort(options.signal.reason);
  } catch (error) {
    record.cut = options.signal.aborted ? options.describeAbort(options.signal.reason) : options.describeError(error);
    await stopIterator(iterator);
  } finally {
    publish();
    record.done = true;
  }
}
