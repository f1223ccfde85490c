/**
 * A bounded LRU cache with a time-to-live, for judge verdicts: the same conversation for the same
 * agent within a short window costs one LLM call. Map keeps insertion order, so the oldest entry
 * is the first key; a hit re-inserts the entry to make it the newest.
 */
import { createHash } from "node:crypto";
import type { Conversation } from "../types.js";

export class TtlLruCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number; stored: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The value and how old it is, or undefined when absent or expired. */
  get(key: string): { value: V; ageMs: number } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = this.now();
    if (entry.expires <= now) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return { value: entry.value, ageMs: now - entry.stored };
  }

  set(key: string, value: V): void {
    if (this.maxEntries <= 0) return;
    const now = this.now();
    this.entries.delete(key);
    this.entries.set(key, { value, expires: now + this.ttlMs, stored: now });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Whitespace and compatibility forms do not change what a message asks for. */
function normalize(text: string): string {
  return text.normalize("NFKC").replace(/\s+/gu, " ").trim();
}

/**
 * The cache key: the agent's hash (everything that shapes the judge's prompt and model) and the
 * normalized conversation the judge would see.
 */
export function conversationKey(agentHash: string, conversation: Conversation, sessionWindow: number): string {
  const hash = createHash("sha256");
  const field = (text: string) => {
    const value = normalize(text);
    hash.update(`${value.length}:${value}|`);
  };
  hash.update(`${agentHash}|`);
  field(conversation.prompt);
  const history = sessionWindow > 0 ? conversation.history.slice(-sessionWindow) : [];
  for (const turn of history) {
    field(turn.user);
    field(turn.agent);
  }
  hash.update(`#tools:${conversation.toolContent.length}|`);
  for (const tool of conversation.toolContent) {
    field(tool.name ?? "");
    field(tool.text);
  }
  hash.update(`#hidden:${conversation.hiddenText.length}|`);
  for (const hidden of conversation.hiddenText) field(hidden);
  hash.update(`#parts:${[...conversation.nonTextParts].sort().join(",")}`);
  return hash.digest("base64url");
}

/** A stable hash of a JSON-like value (object keys sorted). */
export function stableHash(value: unknown): string {
  return createHash("sha256").update(stableStringify(value)).digest("base64url");
}

function stableStringify(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
}
