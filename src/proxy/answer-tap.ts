/**
 * Reads the upstream's answer as it is relayed, without holding the client up: the SSE stream is
 * parsed with eventsource-parser chunk by chunk; a JSON body is kept (up to a bound) and parsed
 * once it has been delivered. The event gets the answer's excerpt, finish reason and usage.
 */
import { StringDecoder } from "node:string_decoder";
import { createParser } from "eventsource-parser";

export interface AnswerSummary {
  excerpt: string;
  finishReason?: string;
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number };
}

export interface AnswerTap {
  write(chunk: Buffer): void;
  finish(): AnswerSummary | undefined;
}

const MAX_JSON_BYTES = 1024 * 1024;

interface ChoiceLike {
  delta?: { content?: unknown };
  message?: { content?: unknown };
  finish_reason?: unknown;
}

interface CompletionLike {
  choices?: ChoiceLike[];
  usage?: AnswerSummary["usage"] | null;
}

function absorb(summary: AnswerSummary, payload: CompletionLike, maxExcerpt: number): void {
  const choice = payload.choices?.[0];
  const content = choice?.delta?.content ?? choice?.message?.content;
  if (typeof content === "string" && summary.excerpt.length < maxExcerpt) summary.excerpt = (summary.excerpt + content).slice(0, maxExcerpt);
  if (typeof choice?.finish_reason === "string") summary.finishReason = choice.finish_reason;
  if (payload.usage && typeof payload.usage === "object") summary.usage = payload.usage;
}

export function createAnswerTap(contentType: string | undefined, maxExcerpt: number): AnswerTap {
  const summary: AnswerSummary = { excerpt: "" };
  if (contentType?.toLowerCase().startsWith("text/event-stream")) {
    const decoder = new StringDecoder("utf8");
    let seen = false;
    const parser = createParser({
      onEvent(event) {
        if (event.data === "[DONE]") return;
        try {
          absorb(summary, JSON.parse(event.data) as CompletionLike, maxExcerpt);
          seen = true;
        } catch {
          // A malformed event is the client's to see; the summary just skips it.
        }
      },
    });
    return {
      write: (chunk) => parser.feed(decoder.write(chunk)),
      finish: () => (seen ? summary : undefined),
    };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    write(chunk) {
      if (size + chunk.length <= MAX_JSON_BYTES) chunks.push(chunk);
      size += chunk.length;
    },
    finish() {
      if (size === 0 || size > MAX_JSON_BYTES) return undefined;
      try {
        absorb(summary, JSON.parse(Buffer.concat(chunks).toString("utf8")) as CompletionLike, maxExcerpt);
        return summary;
      } catch {
        return undefined;
      }
    },
  };
}
