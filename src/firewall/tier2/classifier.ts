/**
 * The Tier 2 plug-in contract. Two instances of one AgentClassifier class are made, named
 * "attack" and "benign"; each is trained on its own data and decides on its own, which is what
 * lets the pair disagree ("both") or stay silent ("neither") and send the request to the judge.
 */
import type { NdArray, TypedArray } from "./npy.js";
import type { Turn } from "../types.js";

export type ClassifierRole = "attack" | "benign";

/** What the trainer hands each instance besides its own texts. */
export interface TrainContext {
  permittedIntents: string[];
  restrictedIntents: string[];
  /**
   * Texts that are not of this instance's class, from the same logs (for the attack instance:
   * benign user turns; for the benign instance: every user turn of the adversarial conversations
   * and the restricted intents). Discriminative models use it as their negative class; one-class
   * models may ignore it.
   */
  background: string[];
  /**
   * The conversation each text (groups) and each background text (backgroundGroups) came from.
   * Snippets of one conversation share text, so a classifier that holds data out (for a
   * threshold, for cross-validation) must hold out whole groups or its estimates leak.
   */
  groups: string[];
  backgroundGroups: string[];
  /** Seed for anything random, so that training is reproducible. */
  seed: number;
}

/** Weights as a classifier exports them: bare typed arrays are stored one-dimensional. */
export type ExportedWeights = Record<string, TypedArray | NdArray>;

export interface AgentClassifier {
  readonly name: string;
  /**
   * texts: snippets in the runtime format (see formatSnippet): up to two earlier turns as
   * "User: ..." / "Agent: ..." lines, then "User: <turn>"; and the turn alone as "User: <turn>".
   */
  train(texts: string[], context: TrainContext): void | Promise<void>;
  /**
   * text: a snippet in the same format as in training; context: its earlier-turns part alone
   * ("" when the vote is on the turn alone). Returns whether the text is of this instance's
   * class, and a score in [0, 1].
   */
  predict(text: string, context: string): readonly [boolean, number];
  exportWeights(): ExportedWeights;
  loadWeights(weights: Record<string, NdArray>): void;
}

export interface AgentClassifierClass {
  new (name: ClassifierRole): AgentClassifier;
  /** Stable identifier recorded in the .hbfw file; defaults to the module's file name. */
  readonly id?: string;
}

/** Turns before the judged one that Tier 2 looks at (the seed's "up to two turns of context"). */
export const CONTEXT_TURNS = 2;
/** Each earlier message is cut to this many characters, so long agent answers do not drown the user's words. */
export const CONTEXT_MESSAGE_CHARS = 400;

/** How snippets are cut; recorded in the .hbfw file so that runtime formats as training did. */
export interface SnippetFormat {
  contextTurns: number;
  messageChars: number;
}

export const DEFAULT_SNIPPET_FORMAT: SnippetFormat = { contextTurns: CONTEXT_TURNS, messageChars: CONTEXT_MESSAGE_CHARS };

function clip(text: string, max: number): string {
  const t = text.trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

/** The earlier-turns part of a snippet: up to contextTurns turns, oldest first. */
export function formatContext(history: readonly Turn[], format: SnippetFormat = DEFAULT_SNIPPET_FORMAT): string {
  if (format.contextTurns <= 0) return "";
  const lines: string[] = [];
  for (const turn of history.slice(-format.contextTurns)) {
    if (turn.user.trim()) lines.push(`User: ${clip(turn.user, format.messageChars)}`);
    if (turn.agent.trim()) lines.push(`Agent: ${clip(turn.agent, format.messageChars)}`);
  }
  return lines.join("\n");
}

/** A snippet: the context (if any), then the judged user turn. */
export function formatSnippet(turn: string, context: string): string {
  const last = `User: ${turn.trim()}`;
  return context ? `${context}\n${last}` : last;
}
