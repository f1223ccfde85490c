/**
 * The synthetic answer for a blocked request: a valid chat.completion (or chunk stream) with
 * finish_reason "content_filter", HTTP 200 so clients do not retry the attack; or, when the
 * route asks for it, a 400 OpenAI error envelope with code content_filter.
 */
import { errorBody, type OpenAIErrorBody } from "./errors.js";

export interface RefusalRequest {
  model: string;
  stream: boolean;
  includeUsage: boolean;
  choices: number;
}

function usage(): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  return { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
}

export function refusalCompletion(id: string, message: string, req: RefusalRequest, created = Math.floor(Date.now() / 1000)) {
  return {
    id,
    object: "chat.completion" as const,
    created,
    model: req.model,
    choices: Array.from({ length: req.choices }, (_, index) => ({
      index,
      message: { role: "assistant" as const, content: message, refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: "content_filter" as const,
    })),
    usage: usage(),
    system_fingerprint: null,
  };
}

/** The SSE body of a streamed refusal, ending with `data: [DONE]`. */
export function refusalStream(id: string, message: string, req: RefusalRequest, created = Math.floor(Date.now() / 1000)): string {
  const base = { id, object: "chat.completion.chunk" as const, created, model: req.model, system_fingerprint: null };
  const usageField = req.includeUsage ? { usage: null } : {};
  const chunks: unknown[] = [];
  for (let index = 0; index < req.choices; index++) {
    chunks.push({ ...base, choices: [{ index, delta: { role: "assistant", content: "", refusal: null }, logprobs: null, finish_reason: null }], ...usageField });
    chunks.push({ ...base, choices: [{ index, delta: { content: message }, logprobs: null, finish_reason: null }], ...usageField });
    chunks.push({ ...base, choices: [{ index, delta: {}, logprobs: null, finish_reason: "content_filter" }], ...usageField });
  }
  if (req.includeUsage) chunks.push({ ...base, choices: [], usage: usage() });
  return `${chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join("")}data: [DONE]\n\n`;
}

export function refusalError(message: string): OpenAIErrorBody {
  return errorBody(message, "invalid_request_error", "content_filter", "messages");
}
