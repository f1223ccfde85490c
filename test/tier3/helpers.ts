/** Shared pieces for the Tier 3 tests: an agent, conversations, and OpenAI-style SSE bodies. */
import { agentConfigFromObject, type AgentConfig } from "../../src/firewall/config/agent.js";
import { parseConversation } from "../../src/firewall/conversation.js";
import { createJudgeTier, type JudgeTier } from "../../src/firewall/tier3/judge.js";
import { resolveJudge, type ResolvedJudge } from "../../src/firewall/tier3/provider.js";
import type { JudgeConfigInput } from "../../src/firewall/tier3/config.js";
import type { ChatMessage, Conversation } from "../../src/firewall/types.js";

export const BANK_AGENT = {
  name: "Customer Support Agent",
  version: "1.0",
  scope: { business: "Retail banking customer support", more_info: "HIGH-STAKE: handles financial transactions and personal data" },
  intents: {
    permitted: ["Provide account balance and recent transaction information", "Block lost cards and order replacements"],
    restricted: ["Close or suspend accounts", "Approve loans or credit applications"],
  },
  settings: { timeout: 5, mode: "block", session_window: 3, tier2_min_turns: 3, temperature: 0.2 },
};

export function agentConfig(overrides: Record<string, unknown> = {}): AgentConfig {
  return agentConfigFromObject({ ...BANK_AGENT, ...overrides }).config;
}

export function conversationOf(input: string | ChatMessage[], sessionWindow = 3): Conversation {
  return parseConversation(input, { sessionWindow }).conversation;
}

export const JUDGE_BASE = "https://judge.test/v1";
export const JUDGE_URL = `${JUDGE_BASE}/chat/completions`;

export function resolved(option: JudgeConfigInput = {}): ResolvedJudge {
  const resolution = resolveJudge({
    option: { provider: "openai-compatible", base_url: JUDGE_BASE, model: "judge-1", ...option },
    file: "(test)",
    env: {},
  });
  if (!resolution.judge) throw new Error("test judge did not resolve");
  return resolution.judge;
}

export function judgeTier(option: JudgeConfigInput = {}, agentOverrides: Record<string, unknown> = {}, now?: () => number): JudgeTier {
  return createJudgeTier({ agent: agentConfig(agentOverrides), judge: resolved(option), ...(now ? { now } : {}) });
}

export function chunk(content: string | null, finishReason: string | null = null): string {
  const delta = content === null ? {} : { content };
  return `data: ${JSON.stringify({ id: "chatcmpl-test", object: "chat.completion.chunk", created: 1, model: "judge-1", choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
}

export const DONE = "data: [DONE]\n\n";

/** A complete SSE body: a role chunk, one chunk per piece of text, a finish chunk, [DONE]. */
export function sseBody(pieces: readonly string[]): string {
  return `${chunk("")}${pieces.map((p) => chunk(p)).join("")}${chunk(null, "stop")}${DONE}`;
}

export function sseResponse(pieces: readonly string[]): Response {
  return new Response(sseBody(pieces), { status: 200, headers: { "content-type": "text/event-stream" } });
}

export function apiError(status: number, message: string, headers: Record<string, string> = {}, code: string | null = null): Response {
  return new Response(JSON.stringify({ error: { message, type: "error", code } }), { status, headers: { "content-type": "application/json", ...headers } });
}

export interface Gate {
  promise: Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** The judge request body as the fake server received it. */
export interface JudgeRequestBody {
  model: string;
  stream: boolean;
  temperature?: number;
  max_tokens?: number;
  messages: { role: string; content: string }[];
}
