/**
 * Tier 3: the LLM judge. One streamed chat completion per uncertain conversation; the verdict is
 * the first letter of the reply and is returned the moment it arrives, while the reason keeps
 * streaming into the trace. `settings.timeout` bounds the whole call, retries and reason included.
 */
import { APIError, APIUserAbortError } from "openai";
import type OpenAI from "openai";
import type { AgentConfig } from "../config/agent.js";
import type { Conversation, FirewallTier, TierOutcome } from "../types.js";
import { conversationKey, stableHash, TtlLruCache } from "./cache.js";
import { buildJudgeMessages, type PromptLimits } from "./prompt.js";
import { createJudgeClient } from "./client.js";
import type { ResolvedJudge } from "./provider.js";
import { trackReason } from "./reasons.js";
import { collectReason, raceAbort, readFirstLetter, type AttemptStream, type ReasonRecord } from "./stream.js";
import { LETTER_MEANINGS, type VerdictLetter } from "./verdict.js";

export interface JudgeTierOptions {
  agent: AgentConfig;
  judge: ResolvedJudge;
  /** Clock for the cache, for tests. */
  now?: () => number;
}

interface JudgeVerdict {
  letter: VerdictLetter;
  reason: ReasonRecord;
  attempts: number;
  /** From the start of the call to the token carrying the letter. */
  firstTokenMs: number;
}

type CallResult =
  | { kind: "verdict"; verdict: JudgeVerdict }
  | { kind: "malformed"; seen: string; attempts: number }
  | { kind: "filtered"; explanation: string; attempts: number }
  | { kind: "failed"; explanation: string; attempts: number; status?: number };

interface SharedCall {
  promise: Promise<CallResult>;
  controller: AbortController;
  waiters: number;
  settled: boolean;
}

/** Abort reasons, so an aborted request can say why it ended. */
class JudgeTimeout extends Error {}
class CallerGone extends Error {}
class JudgeClosed extends Error {}
class StreamStopped extends Error {}

/** Retrying 429 and 5xx needs at least this much time left to be worth it. */
const MIN_RETRY_BUDGET_MS = 250;
const DEFAULT_RETRY_DELAY_MS = 100;

export class JudgeTier implements FirewallTier {
  readonly tier = 3 as const;
  readonly name = "judge";
  private readonly client: OpenAI;
  private readonly cache: TtlLruCache<JudgeVerdict> | undefined;
  private readonly inflight = new Map<string, SharedCall>();
  private readonly active = new Set<AbortController>();
  private readonly agentHash: string;
  private readonly limits: PromptLimits;
  private readonly timeoutMs: number;

  constructor(private readonly options: JudgeTierOptions) {
    const { agent, judge } = options;
    this.timeoutMs = Math.round(agent.settings.timeout * 1000);
    this.client = createJudgeClient(judge, this.timeoutMs);
    this.limits = { maxTurnChars: judge.settings.max_turn_chars, maxPromptChars: judge.settings.max_prompt_chars };
    const cache = judge.settings.cache;
    this.cache = cache.max_entries > 0 ? new TtlLruCache(cache.max_entries, cache.ttl_seconds * 1000, options.now) : undefined;
    this.agentHash = stableHash({
      name: agent.name,
      scope: agent.scope,
      intents: agent.intents,
      examples: agent.examples,
      window: agent.settings.session_window,
      temperature: agent.settings.temperature,
      provider: judge.provider,
      model: judge.model,
      baseURL: judge.baseURL,
      apiVersion: judge.apiVersion,
      limits: this.limits,
    });
  }

  get provider(): string {
    return this.options.judge.provider;
  }

  get model(): string {
    return this.options.judge.model;
  }

  async evaluate(conversation: Conversation, signal: AbortSignal): Promise<TierOutcome> {
    const key = conversationKey(this.agentHash, conversation, this.options.agent.settings.session_window);
    const hit = this.cache?.get(key);
    if (hit) return this.verdictOutcome(hit.value, { cached: true, cacheAgeMs: hit.ageMs });
    if (signal.aborted) return this.failedOutcome({ kind: "failed", explanation: "Tier 3 judge: not called, the caller had already gone away", attempts: 0 });

    // Identical requests arriving together share one call; it is aborted only when every
    // caller waiting on it has gone away.
    let call = this.inflight.get(key);
    if (!call) call = this.startCall(key, conversation);
    call.waiters++;
    const shared = call;
    const result = await new Promise<CallResult | "gone">((resolve) => {
      const onAbort = () => resolve("gone");
      signal.addEventListener("abort", onAbort, { once: true });
      // Never rejects: startCall turns any error into a failed result.
      void shared.promise.then((r) => {
        signal.removeEventListener("abort", onAbort);
        resolve(r);
      });
    });
    shared.waiters--;
    if (result === "gone") {
      if (shared.waiters === 0 && !shared.settled) shared.controller.abort(new CallerGone("the caller went away"));
      return this.failedOutcome({ kind: "failed", explanation: "Tier 3 judge: aborted, the caller went away", attempts: 0 });
    }
    switch (result.kind) {
      case "verdict":
        return this.verdictOutcome(result.verdict, { cached: false });
      case "malformed":
        return {
          decision: "escalate",
          category: "uncertain",
          explanation: `Tier 3 judge: the reply did not start with a verdict letter, even when asked again (it began ${JSON.stringify(result.seen)})`,
          details: { ...this.baseDetails(), malformed: true, attempts: result.attempts, seen: result.seen },
        };
      case "filtered":
        return { decision: "escalate", category: "uncertain", explanation: result.explanation, details: { ...this.baseDetails(), filtered: true, attempts: result.attempts } };
      case "failed":
        return this.failedOutcome(result);
    }
  }

  async close(): Promise<void> {
    for (const controller of this.active) controller.abort(new JudgeClosed("the firewall closed"));
    this.active.clear();
    this.cache?.clear();
  }

  private startCall(key: string, conversation: Conversation): SharedCall {
    const controller = new AbortController();
    const promise = this.run(conversation, controller)
      .catch((error: unknown): CallResult => ({ kind: "failed", explanation: `Tier 3 judge failed: ${messageOf(error)}`, attempts: 0 }))
      .then((result) => {
        call.settled = true;
        this.inflight.delete(key);
        if (result.kind === "verdict") this.cache?.set(key, result.verdict);
        return result;
      });
    const call: SharedCall = { controller, waiters: 0, settled: false, promise };
    this.inflight.set(key, call);
    return call;
  }

  private async run(conversation: Conversation, controller: AbortController): Promise<CallResult> {
    const started = performance.now();
    const deadline = started + this.timeoutMs;
    this.active.add(controller);
    const timer = setTimeout(() => controller.abort(new JudgeTimeout(`timeout after ${formatSeconds(this.timeoutMs)}`)), this.timeoutMs);
    timer.unref?.();
    const release = () => {
      clearTimeout(timer);
      this.active.delete(controller);
    };
    let handedOff = false;
    let attempts = 0;
    let strict = false;
    let retriedStatus = false;
    try {
      for (;;) {
        attempts++;
        // Each attempt has its own controller, so a discarded reply can be cut off while the call
        // (and its deadline) goes on to the retry.
        const attempt = new AbortController();
        controller.signal.addEventListener("abort", () => attempt.abort(controller.signal.reason), { once: true });
        try {
          const messages = buildJudgeMessages(this.options.agent, conversation, this.limits, strict);
          const request = this.client.chat.completions.create(
            {
              model: this.options.judge.model,
              messages: [
                { role: "system", content: messages.system },
                { role: "user", content: messages.user },
              ],
              temperature: this.options.agent.settings.temperature,
              stream: true,
              ...(this.options.judge.settings.max_tokens ? { max_tokens: this.options.judge.settings.max_tokens } : {}),
            },
            // The SDK's timeout is only a backstop behind our deadline, whose abort says what happened.
            { signal: attempt.signal, timeout: Math.max(1, Math.ceil(deadline - performance.now())) + 1000 },
          );
          const response = await raceAbort(Promise.resolve(request), attempt.signal);
          const iterator = response[Symbol.asyncIterator]();
          const stream: AttemptStream = {
            iterator,
            signal: attempt.signal,
            stop: () => {
              if (!attempt.signal.aborted) attempt.abort(new StreamStopped("stream no longer needed"));
              // Not awaited: the SDK waits for the body to cancel, which a misbehaving fetch may never do.
              iterator.return?.().catch(() => undefined);
            },
          };
          const first = await readFirstLetter(stream);
          if (first.kind === "invalid") {
            if (first.finishReason === "content_filter") {
              return { kind: "filtered", explanation: "Tier 3 judge: the provider's content filter stopped the judge's reply", attempts };
            }
            if (!strict) {
              strict = true;
              continue;
            }
            return { kind: "malformed", seen: first.seen, attempts };
          }
          const reason: ReasonRecord = { text: "", done: false };
          const verdict: JudgeVerdict = { letter: first.letter, reason, attempts, firstTokenMs: round(performance.now() - started) };
          handedOff = true;
          const collecting = collectReason(stream, first.afterLetter, reason, {
            maxChars: this.options.judge.settings.max_reason_chars,
            describeAbort: (why) => (why instanceof Error ? why.message : "aborted"),
            describeError: (error) => describeError(error),
          })
            .finally(release)
            .then(() => reason);
          trackReason(reason, collecting);
          return { kind: "verdict", verdict };
        } catch (error) {
          if (controller.signal.aborted) return this.abortResult(controller.signal.reason, attempts);
          const status = error instanceof APIError ? error.status : undefined;
          if (status === 400 && error instanceof APIError && error.code === "content_filter") {
            return { kind: "filtered", explanation: "Tier 3 judge: the provider's content filter rejected the input (HTTP 400 content_filter)", attempts };
          }
          if (!retriedStatus && status !== undefined && (status === 429 || status >= 500)) {
            const wait = retryDelayMs(error instanceof APIError ? error.headers : undefined);
            if (deadline - performance.now() - wait >= MIN_RETRY_BUDGET_MS) {
              retriedStatus = true;
              if (await sleep(wait, controller.signal)) continue;
              return this.abortResult(controller.signal.reason, attempts);
            }
          }
          return { kind: "failed", explanation: `Tier 3 judge: ${describeError(error)}`, attempts, ...(status !== undefined ? { status } : {}) };
        }
      }
    } finally {
      if (!handedOff) release();
    }
  }

  private abortResult(reason: unknown, attempts: number): CallResult {
    if (reason instanceof JudgeTimeout) return { kind: "failed", explanation: `Tier 3 judge: ${reason.message} (${this.provider} ${this.model})`, attempts };
    if (reason instanceof Error) return { kind: "failed", explanation: `Tier 3 judge: aborted, ${reason.message}`, attempts };
    return { kind: "failed", explanation: "Tier 3 judge: aborted", attempts };
  }

  private baseDetails(): Record<string, unknown> {
    return { provider: this.provider, model: this.model };
  }

  private verdictOutcome(verdict: JudgeVerdict, cache: { cached: boolean; cacheAgeMs?: number }): TierOutcome {
    const meaning = LETTER_MEANINGS[verdict.letter];
    return {
      decision: meaning.decision,
      category: meaning.category,
      explanation: `Tier 3 judge: ${meaning.label} (${verdict.letter}${cache.cached ? ", cached" : ""})`,
      details: {
        ...this.baseDetails(),
        letter: verdict.letter,
        cached: cache.cached,
        ...(cache.cacheAgeMs !== undefined ? { cacheAgeMs: cache.cacheAgeMs } : {}),
        attempts: cache.cached ? 0 : verdict.attempts,
        firstTokenMs: verdict.firstTokenMs,
        reason: verdict.reason,
      },
    };
  }

  private failedOutcome(result: Extract<CallResult, { kind: "failed" }>): TierOutcome {
    return {
      decision: "escalate",
      category: "uncertain",
      explanation: result.explanation,
      failed: true,
      details: { ...this.baseDetails(), attempts: result.attempts, ...(result.status !== undefined ? { status: result.status } : {}) },
    };
  }
}

export function createJudgeTier(options: JudgeTierOptions): JudgeTier {
  return new JudgeTier(options);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What went wrong, in words an operator can act on. */
export function describeError(error: unknown): string {
  if (error instanceof APIUserAbortError) return "aborted";
  if (error instanceof APIError && error.status !== undefined) {
    const detail = error.message.replace(/^\d{3}\s*/, "").slice(0, 200);
    const hint = error.status === 401 || error.status === 403 ? " (the judge's API key was rejected)" : error.status === 404 ? " (check the model or deployment name)" : "";
    return `HTTP ${error.status}${hint}${detail ? `: ${detail}` : ""}`;
  }
  if (error instanceof SyntaxError) return `malformed stream: ${error.message.slice(0, 200)}`;
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : undefined;
    return `${error.message.slice(0, 200)}${causeText && !error.message.includes(causeText) ? ` (${causeText})` : ""}`;
  }
  return String(error);
}

/** Retry-After (seconds or an HTTP date) or retry-after-ms; a default when absent. */
export function retryDelayMs(headers: Headers | undefined): number {
  const ms = Number(headers?.get("retry-after-ms"));
  if (Number.isFinite(ms) && ms >= 0 && headers?.has("retry-after-ms")) return ms;
  const after = headers?.get("retry-after");
  if (after) {
    const seconds = Number(after);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(after);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  return DEFAULT_RETRY_DELAY_MS;
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
