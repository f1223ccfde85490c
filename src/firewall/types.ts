/**
 * The firewall's vocabulary: verdicts, categories, the parsed conversation every tier reads,
 * the outcome each tier returns, and the result of an evaluation.
 */

export type Verdict = "pass" | "block" | "review";
export type Category = "none" | "off_topic" | "violation" | "restriction" | "uncertain";
export type TierId = 0 | 1 | 2 | 3;
export type FailPolicy = "open" | "closed";

/** A content part of an OpenAI message; only text parts are read. */
export interface ContentPart {
  type: string;
  text?: unknown;
  [key: string]: unknown;
}

/** An OpenAI-style chat message as a client may send it. */
export interface ChatMessage {
  role: string;
  content?: string | ContentPart[] | null;
  name?: string;
  [key: string]: unknown;
}

/** One earlier exchange: what the user said and what the agent answered. */
export interface Turn {
  user: string;
  agent: string;
}

/** Text that came from outside the conversation (tool results): untrusted data. */
export interface ToolContent {
  text: string;
  name?: string;
}

/** What Tier 0 found and removed. */
export interface SanitizeReport {
  changed: boolean;
  /** Count of removed characters per class, e.g. { zero_width: 3, tag: 12 }. */
  removed: Record<string, number>;
  /** ASCII text spelled by Unicode tag characters (outside flag-emoji sequences). */
  hiddenText: string[];
}

/** The conversation as the tiers see it, after Tier 0. */
export interface Conversation {
  /** The last user message, sanitized: the text being judged. */
  prompt: string;
  /** The same message before sanitization. */
  originalPrompt: string;
  /** NFKC-normalized copy of the prompt for detectors, so compatibility letters do not evade them. */
  detectionPrompt: string;
  /** Earlier turns within the session window, oldest first. */
  history: Turn[];
  /** How many user turns came before the prompt (before windowing). */
  priorTurns: number;
  /** Tool-message content within the session window (indirect-injection surface). */
  toolContent: ToolContent[];
  /** Hidden text decoded by Tier 0 (tag-character smuggling), handed to later tiers. */
  hiddenText: string[];
  /** Non-text parts seen in the prompt (image_url, input_audio, ...): noted, not read. */
  nonTextParts: string[];
}

/**
 * What a tier decides.
 * - block: stop, the request is refused.
 * - pass: the tier is confident the request is benign.
 * - escalate: the tier is not confident; a smarter tier must look.
 */
export type TierDecision = "block" | "pass" | "escalate";

export interface TierOutcome {
  decision: TierDecision;
  category: Category;
  explanation: string;
  /** Probability that the input is an attack, when the tier has one. */
  attackProbability?: number;
  /** The tier could not do its job (error, timeout); the fail policy decides what follows. */
  failed?: boolean;
  /** Per-tier details for the trace (detector votes, cache hits, the judge's reason...). */
  details?: Record<string, unknown>;
}

export interface TierTrace {
  tier: TierId;
  name: string;
  decision: TierDecision | "skipped";
  category: Category;
  explanation: string;
  attackProbability?: number;
  failed?: boolean;
  latencyMs: number;
  details?: Record<string, unknown>;
}

/** One tier of the cascade. Tier 0 is built in; Tiers 1-3 plug in behind this interface. */
export interface FirewallTier {
  readonly tier: Exclude<TierId, 0>;
  readonly name: string;
  /**
   * When an earlier tier passed with confidence, a tier that sets this still looks (Tier 2 may
   * know an agent-specific attack that a generic detector calls benign); it can then only block.
   */
  readonly checksConfidentPasses?: boolean;
  /** Whether the tier has anything to say about this conversation (e.g. Tier 2's min turns). */
  appliesTo?(conversation: Conversation): boolean;
  evaluate(conversation: Conversation, signal: AbortSignal): Promise<TierOutcome>;
  close?(): Promise<void>;
}

export interface EvalResult {
  verdict: Verdict;
  category: Category;
  explanation: string;
  /** The tier that decided. */
  tier: TierId;
  latencyMs: number;
  attackProbability: number;
  blocked: boolean;
  passed: boolean;
  /** The sanitized prompt (what a well-behaved agent should act on). */
  prompt: string;
  sanitization: SanitizeReport;
  /** A tier failed and the fail policy let the request through (open) or stopped it (closed). */
  failOpen: boolean;
  failClosed: boolean;
  trace: TierTrace[];
}
