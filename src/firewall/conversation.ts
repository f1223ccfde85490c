/**
 * Turns what a client sends (a prompt string or an OpenAI messages array) into the conversation
 * the tiers read. Operator messages (system, developer) are context, never judged as attacks.
 */
import type { ChatMessage, Conversation, SanitizeReport, ToolContent, Turn } from "./types.js";
import { sanitizeText, type SanitizedText } from "./tier0/sanitize.js";

const OPERATOR_ROLES = new Set(["system", "developer"]);
const TOOL_ROLES = new Set(["tool", "function"]);

export interface MessageText {
  text: string;
  nonTextParts: string[];
}

/** The readable text of a message: a string, or the text parts of a content array. */
export function messageText(message: unknown): MessageText {
  if (message === null || typeof message !== "object") return { text: "", nonTextParts: [] };
  const content = (message as { content?: unknown }).content;
  if (typeof content === "string") return { text: content, nonTextParts: [] };
  if (!Array.isArray(content)) return { text: "", nonTextParts: [] };
  const texts: string[] = [];
  const nonTextParts: string[] = [];
  for (const part of content) {
    if (typeof part === "string") {
      texts.push(part);
      continue;
    }
    if (part === null || typeof part !== "object") continue;
    const { type, text } = part as { type?: unknown; text?: unknown };
    if (typeof text === "string" && (type === "text" || type === "input_text" || type === undefined)) {
      texts.push(text);
    } else if (typeof type === "string") {
      nonTextParts.push(type);
    }
  }
  return { text: texts.join("\n"), nonTextParts };
}

function roleOf(message: unknown): string {
  if (message === null || typeof message !== "object") return "";
  const role = (message as { role?: unknown }).role;
  return typeof role === "string" ? role : "";
}

export interface ParseOptions {
  /** How many earlier turns are kept as context. */
  sessionWindow: number;
}

function mergeReports(into: SanitizeReport, from: SanitizedText): void {
  for (const [cls, n] of Object.entries(from.removed)) {
    into.removed[cls] = (into.removed[cls] ?? 0) + (n ?? 0);
    into.changed = true;
  }
  into.hiddenText.push(...from.hiddenText);
}

/**
 * Parses and sanitizes. The report covers the prompt and the tool content in the window,
 * which is what the current request asks the agent to act on.
 */
export function parseConversation(
  input: string | readonly ChatMessage[] | readonly unknown[],
  options: ParseOptions,
): { conversation: Conversation; report: SanitizeReport } {
  const report: SanitizeReport = { changed: false, removed: {}, hiddenText: [] };
  const messages: readonly unknown[] = typeof input === "string" ? [{ role: "user", content: input }] : input;

  let lastUserIndex = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (roleOf(messages[i]) === "user") {
      lastUserIndex = i;
      break;
    }
  }

  const promptText = lastUserIndex >= 0 ? messageText(messages[lastUserIndex]) : { text: "", nonTextParts: [] };
  const sanitizedPrompt = sanitizeText(promptText.text);
  mergeReports(report, sanitizedPrompt);

  // Earlier exchanges, oldest first; an agent answer belongs to the user message before it.
  const turns: Turn[] = [];
  const toolByTurn: ToolContent[][] = [];
  let current: Turn | undefined;
  let currentTools: ToolContent[] = [];
  const end = lastUserIndex >= 0 ? lastUserIndex : messages.length;
  for (let i = 0; i < end; i++) {
    const message = messages[i];
    const role = roleOf(message);
    if (OPERATOR_ROLES.has(role)) continue;
    const { text } = messageText(message);
    if (role === "user") {
      // Tool messages before the first user message (a seeded context) belong to that turn.
      if (current) {
        turns.push(current);
        toolByTurn.push(currentTools);
        currentTools = [];
      }
      current = { user: sanitizeText(text).text, agent: "" };
    } else if (role === "assistant") {
      if (!current) current = { user: "", agent: "" };
      if (text) current.agent = current.agent ? `${current.agent}\n${text}` : text;
    } else if (TOOL_ROLES.has(role)) {
      currentTools.push(toolContent(message, text, report));
    }
  }
  if (current) {
    turns.push(current);
    toolByTurn.push(currentTools);
  }
  // No earlier user turn: tool messages before the prompt are part of this request.
  const leadingTools = current ? [] : currentTools;

  const priorTurns = turns.filter((t) => t.user.length > 0).length;
  const window = Math.max(0, options.sessionWindow);
  const keepFrom = Math.max(0, turns.length - window);
  const toolContentInWindow = [...leadingTools, ...toolByTurn.slice(keepFrom).flat()];
  // Tool results after the prompt are what an agent is reading right now.
  for (let i = end + 1; i < messages.length; i++) {
    const message = messages[i];
    if (TOOL_ROLES.has(roleOf(message))) toolContentInWindow.push(toolContent(message, messageText(message).text, report));
  }

  const conversation: Conversation = {
    prompt: sanitizedPrompt.text,
    originalPrompt: promptText.text,
    detectionPrompt: sanitizedPrompt.text.normalize("NFKC"),
    history: window === 0 ? [] : turns.slice(keepFrom),
    priorTurns,
    toolContent: toolContentInWindow,
    hiddenText: report.hiddenText,
    nonTextParts: promptText.nonTextParts,
  };
  return { conversation, report };
}

function toolContent(message: unknown, text: string, report: SanitizeReport): ToolContent {
  const sanitized = sanitizeText(text);
  mergeReports(report, sanitized);
  const name = (message as { name?: unknown }).name;
  return typeof name === "string" ? { text: sanitized.text, name } : { text: sanitized.text };
}

/**
 * The messages with every user and tool text sanitized, for routes that forward the sanitized
 * request. Returns undefined when nothing needed to change, so the original body can be reused.
 */
export function sanitizeMessages(messages: readonly ChatMessage[]): ChatMessage[] | undefined {
  let changed = false;
  const result = messages.map((message) => {
    if (OPERATOR_ROLES.has(message.role)) return message;
    const content = message.content;
    if (typeof content === "string") {
      const clean = sanitizeText(content).text;
      if (clean === content) return message;
      changed = true;
      return { ...message, content: clean };
    }
    if (Array.isArray(content)) {
      let partChanged = false;
      const parts = content.map((part) => {
        if (part && typeof part === "object" && typeof part.text === "string") {
          const clean = sanitizeText(part.text).text;
          if (clean !== part.text) {
            partChanged = true;
            return { ...part, text: clean };
          }
        }
        return part;
      });
      if (!partChanged) return message;
      changed = true;
      return { ...message, content: parts };
    }
    return message;
  });
  return changed ? result : undefined;
}
