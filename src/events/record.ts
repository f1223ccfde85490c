/**
 * The stored form of a firewall event: what the proxy's RequestEvent becomes once the event
 * settings (prompt storage, excerpt length) are applied. The same shape is written to SQLite, to
 * JSONL, returned by the admin API and printed by `moat events --json` (snake_case throughout,
 * like the request log).
 */
import { z } from "zod";
import type { Outcome, RequestEvent } from "../proxy/observer.js";

export const MARKS = ["false_positive", "missed_attack"] as const;
export type Mark = (typeof MARKS)[number];
export const markSchema = z.enum(MARKS);

export const OUTCOMES = ["pass", "block", "review", "would_block"] as const satisfies readonly Outcome[];
export const VERDICTS = ["pass", "block", "review"] as const;
export const CATEGORIES = ["none", "off_topic", "violation", "restriction", "uncertain"] as const;

const traceSchema = z.object({
  tier: z.number().int().min(0).max(3),
  name: z.string(),
  decision: z.enum(["block", "pass", "escalate", "skipped"]),
  category: z.enum(CATEGORIES),
  explanation: z.string(),
  attack_probability: z.number().optional(),
  failed: z.boolean().optional(),
  latency_ms: z.number(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type StoredTrace = z.infer<typeof traceSchema>;

export const storedEventSchema = z.object({
  id: z.string().min(1),
  time: z.number().int(),
  route: z.string(),
  mode: z.enum(["block", "log", "passthrough"]),
  outcome: z.enum(OUTCOMES),
  verdict: z.enum(VERDICTS),
  category: z.enum(CATEGORIES),
  tier: z.number().int().min(0).max(3),
  explanation: z.string(),
  attack_probability: z.number(),
  fail_open: z.boolean(),
  fail_closed: z.boolean(),
  action: z.enum(["forwarded", "refused", "rejected", "failed"]),
  status: z.number().int(),
  upstream_status: z.number().int().nullable(),
  upstream_latency_ms: z.number().nullable(),
  latency_ms: z.number(),
  eval_ms: z.number(),
  model: z.string().nullable(),
  stream: z.boolean(),
  /** The start of the judged (sanitized) prompt; null when store_prompts is off. */
  prompt: z.string().nullable(),
  /** Length of the whole judged prompt, so a reader knows when the excerpt is cut. */
  prompt_chars: z.number().int().min(0),
  trace: z.array(traceSchema),
  sanitization: z
    .object({ removed: z.record(z.string(), z.number()), hidden_text: z.array(z.string()) })
    .nullable(),
  error: z.string().nullable(),
  mark: markSchema.nullable(),
  mark_note: z.string().nullable(),
  marked_at: z.number().int().nullable(),
  /**
   * The start of what the upstream answered to a forwarded chat completion (the streamed text
   * joined); null when nothing was forwarded, the answer had no text, or store_prompts is off.
   */
  answer: z.string().nullable().default(null),
  finish_reason: z.string().nullable().default(null),
});
export type StoredEvent = z.infer<typeof storedEventSchema>;

export interface RecordOptions {
  storePrompts: boolean;
  excerptChars: number;
}

/** Only evaluated requests become events; passthrough traffic and rejected bodies are metrics only. */
export function isEvaluated(event: RequestEvent): event is RequestEvent & { result: NonNullable<RequestEvent["result"]>; outcome: Exclude<Outcome, "passthrough"> } {
  return event.result !== undefined && event.outcome !== "passthrough";
}

/** Flagged events are always kept; passes only when the route asks for them. */
export function shouldStore(event: RequestEvent, storePasses: boolean): boolean {
  return isEvaluated(event) && (event.outcome !== "pass" || storePasses);
}

/** Cuts at a code-point boundary, so an excerpt never ends in half a surrogate pair. */
export function excerpt(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = maxChars;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}

/** Tier details are free-form; anything that does not survive JSON is left out rather than failing the event. */
function jsonSafe(details: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (details === undefined) return undefined;
  try {
    const copy: unknown = JSON.parse(JSON.stringify(details));
    return copy !== null && typeof copy === "object" && !Array.isArray(copy) ? (copy as Record<string, unknown>) : undefined;
  } catch {
    return { unserializable: true };
  }
}

/**
 * Text the user smuggled in tag characters is user text: with store_prompts off it is left out of
 * explanations and trace details too, not only out of the prompt.
 */
function withholdHiddenText(text: string, hidden: readonly string[]): string {
  let out = text;
  for (const h of hidden) {
    if (h.length > 0) out = out.split(h).join("[withheld]");
  }
  // The explanation quotes the joined hidden text, cut to a length: withhold any quote it holds.
  return hidden.length > 0 ? out.replace(/(hidden text smuggled in Unicode tag characters: )"[^]*"$/u, '$1"[withheld]"') : out;
}

export function toStoredEvent(event: RequestEvent, options: RecordOptions): StoredEvent {
  if (!isEvaluated(event)) throw new Error(`event ${event.id} was not evaluated by the firewall`);
  const { result } = event;
  const prompt = event.prompt ?? result.prompt;
  const { sanitization } = result;
  const hidden = options.storePrompts ? [] : sanitization.hiddenText;
  const shown = (text: string): string => (hidden.length > 0 ? withholdHiddenText(text, hidden) : text);
  return {
    id: event.id,
    time: event.time,
    route: event.route,
    mode: event.mode,
    outcome: event.outcome,
    verdict: result.verdict,
    category: result.category,
    tier: result.tier,
    explanation: shown(result.explanation),
    attack_probability: result.attackProbability,
    fail_open: result.failOpen,
    fail_closed: result.failClosed,
    action: event.action,
    status: event.status,
    upstream_status: event.upstreamStatus ?? null,
    upstream_latency_ms: event.upstreamLatencyMs ?? null,
    latency_ms: event.latencyMs,
    eval_ms: result.latencyMs,
    model: event.model ?? null,
    stream: event.stream,
    prompt: options.storePrompts ? excerpt(prompt, options.excerptChars) : null,
    prompt_chars: prompt.length,
    trace: result.trace.map((t) => {
      const details = jsonSafe(t.details);
      if (details && hidden.length > 0 && "hiddenText" in details) details["hiddenText"] = [];
      return {
        tier: t.tier,
        name: t.name,
        decision: t.decision,
        category: t.category,
        explanation: shown(t.explanation),
        ...(t.attackProbability !== undefined ? { attack_probability: t.attackProbability } : {}),
        ...(t.failed ? { failed: true } : {}),
        latency_ms: t.latencyMs,
        ...(details ? { details } : {}),
      };
    }),
    sanitization: sanitization.changed || sanitization.hiddenText.length > 0 ? { removed: sanitization.removed, hidden_text: options.storePrompts ? sanitization.hiddenText : [] } : null,
    error: event.error ?? null,
    mark: null,
    mark_note: null,
    marked_at: null,
    answer: options.storePrompts && event.answer?.excerpt ? excerpt(event.answer.excerpt, options.excerptChars) : null,
    finish_reason: event.answer?.finishReason ?? null,
  };
}
