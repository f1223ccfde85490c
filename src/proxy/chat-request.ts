/** The part of a chat.completions request body the proxy reads; everything else passes untouched. */
import { z } from "zod";
import { describeZodIssues } from "../firewall/config/errors.js";
import type { ChatMessage } from "../firewall/types.js";
import { HttpError } from "./errors.js";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "./json-depth.js";

const contentPartSchema = z.looseObject({ type: z.string({ error: "expected a content part with a string \"type\"" }) });

const messageSchema = z.looseObject({
  role: z.string({ error: "expected a string role such as \"user\"" }).min(1),
  content: z.union([z.string(), z.array(contentPartSchema), z.null()], { error: "expected a string, an array of content parts, or null" }).optional(),
});

export const chatRequestSchema = z.looseObject({
  model: z.string({ error: "expected a string" }).optional(),
  messages: z.array(messageSchema, { error: "expected an array of messages" }).min(1, "expected at least one message"),
  stream: z.boolean({ error: "expected a boolean" }).nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean({ error: "expected a boolean" }).nullish() }).nullish(),
  n: z.number({ error: "expected an integer" }).int().min(1).max(128).nullish(),
});

export interface ChatRequest {
  body: Record<string, unknown>;
  messages: ChatMessage[];
  model: string;
  stream: boolean;
  includeUsage: boolean;
  choices: number;
}

// Invalid bytes are refused rather than replaced: the proxy would judge U+FFFD while forwarding
// the original bytes, which a lenient upstream decoder may read as something else.
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

// Keys the firewall reads. Go's encoding/json (Ollama, LocalAI, many gateways) matches object
// keys case-insensitively, also folding "ſ" to "s" and the Kelvin sign to "k", and keeps the last
// match: a body with "MESSAGES" or a message with "Content" beside the keys Moat judged would
// reach such an upstream with text Moat never read.
const TOP_LEVEL_KEYS: readonly string[] = ["messages"];
const MESSAGE_KEYS: readonly string[] = ["role", "content", "name", "tool_calls", "tool_call_id"];
const PART_KEYS: readonly string[] = ["type", "text"];

function lookalike(object: unknown, keys: readonly string[]): { key: string; meant: string } | undefined {
  if (object === null || typeof object !== "object" || Array.isArray(object)) return undefined;
  for (const key in object) {
    if (keys.includes(key)) continue;
    const folded = key.normalize("NFKC").toLowerCase();
    if (keys.includes(folded)) return { key, meant: folded };
  }
  return undefined;
}

function ambiguousKey(body: Record<string, unknown>, messages: readonly unknown[]): { key: string; meant: string; at: string } | undefined {
  const top = lookalike(body, TOP_LEVEL_KEYS);
  if (top) return { ...top, at: top.key };
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    const found = lookalike(message, MESSAGE_KEYS);
    if (found) return { ...found, at: `messages[${i}].${found.key}` };
    const content = (message as { content?: unknown }).content;
    if (!Array.isArray(content)) continue;
    for (let j = 0; j < content.length; j++) {
      const part = lookalike(content[j], PART_KEYS);
      if (part) return { ...part, at: `messages[${i}].content[${j}].${part.key}` };
    }
  }
  return undefined;
}

export function parseChatRequest(raw: Buffer): ChatRequest {
  let text: string;
  try {
    text = UTF8.decode(raw);
  } catch {
    throw HttpError.badRequest("the request body is not valid UTF-8 (JSON must be sent as UTF-8)", "invalid_encoding");
  }
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw HttpError.badRequest(`the request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`, "invalid_request_body");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw HttpError.badRequest(`the request body is not valid JSON (${error instanceof Error ? error.message : String(error)})`, "invalid_json");
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw HttpError.badRequest("the request body must be a JSON object with a \"messages\" array", "invalid_request_body");
  }
  const result = chatRequestSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const param = issue ? issue.path.map((p) => (typeof p === "number" ? `[${p}]` : String(p))).join(".").replace(/\.\[/g, "[") : null;
    throw HttpError.badRequest(`invalid chat completion request: ${describeZodIssues(result.error).slice(0, 3).join("; ")}`, "invalid_request_body", param || null);
  }
  const data = result.data;
  const ambiguous = ambiguousKey(json as Record<string, unknown>, data.messages);
  if (ambiguous) {
    throw HttpError.badRequest(
      `the key "${ambiguous.key}" differs from "${ambiguous.meant}" only in case or by a look-alike letter, and upstreams disagree on which of the two they read: send "${ambiguous.meant}" only`,
      "ambiguous_key",
      ambiguous.at,
    );
  }
  return {
    body: json as Record<string, unknown>,
    messages: data.messages as ChatMessage[],
    model: data.model ?? "unknown",
    stream: data.stream === true,
    includeUsage: data.stream_options?.include_usage === true,
    choices: data.n ?? 1,
  };
}
