/**
 * The firewall as the proxy calls it: bounded in time and never throwing. A tier that hangs
 * (even one that ignores its abort signal) or a cascade that throws becomes a failure that the
 * route's fail policy decides, like any failing tier: closed refuses, open forwards, both counted.
 */
import { parseConversation } from "../firewall/conversation.js";
import type { ChatMessage, EvalResult, SanitizeReport } from "../firewall/types.js";
import { onCancel, type CancelSignal } from "./client-abort.js";
import type { CompiledRoute } from "./runtime.js";

export interface GuardOptions {
  /** Longest the whole cascade may take. */
  timeoutMs: number;
  /** The client went away: the evaluation is no longer needed. */
  signal?: CancelSignal;
}

function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** A result for an evaluation that did not finish, shaped like the cascade's own fail-policy results. */
export function failureResult(route: CompiledRoute, messages: readonly ChatMessage[], reason: string, started: number): EvalResult {
  const closed = route.config.fail === "closed";
  let prompt = "";
  let sanitization: SanitizeReport = { changed: false, removed: {}, hiddenText: [] };
  try {
    const parsed = parseConversation(messages, { sessionWindow: route.firewall.agent.settings.session_window });
    prompt = parsed.conversation.prompt;
    sanitization = parsed.report;
  } catch {
    // An unreadable conversation keeps the empty prompt; the fail policy still decides.
  }
  const explanation = `${reason} (fail policy: ${route.config.fail})`;
  const latencyMs = roundMs(performance.now() - started);
  return {
    verdict: closed ? "block" : "pass",
    category: closed ? "uncertain" : "none",
    explanation,
    tier: 0,
    latencyMs,
    attackProbability: 0,
    blocked: closed,
    passed: !closed,
    prompt,
    sanitization,
    failOpen: !closed,
    failClosed: closed,
    trace: [{ tier: 0, name: "evaluation", decision: closed ? "block" : "escalate", category: "uncertain", explanation: reason, failed: true, latencyMs }],
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function evaluateGuarded(route: CompiledRoute, messages: readonly ChatMessage[], options: GuardOptions): Promise<EvalResult> {
  const started = performance.now();
  const controller = new AbortController();
  const { signal } = options;
  const stopListening = signal ? onCancel(signal, () => controller.abort(signal.reason)) : undefined;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<EvalResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error("evaluation deadline"));
      resolve(failureResult(route, messages, `the firewall did not decide within ${options.timeoutMs} ms`, started));
    }, options.timeoutMs);
  });
  const evaluated = route.firewall
    .evaluate(messages, { signal: controller.signal, failPolicy: route.config.fail })
    .catch((error: unknown) => failureResult(route, messages, `the firewall failed: ${errorMessage(error)}`, started));
  try {
    return await Promise.race([evaluated, deadline]);
  } finally {
    clearTimeout(timer);
    stopListening?.();
  }
}
