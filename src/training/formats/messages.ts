/**
 * OpenAI-style messages to turns: each user message opens a turn, the assistant message after it
 * is the agent's reply. Operator (system, developer) and tool messages are not user turns.
 */
import { messageText } from "../../firewall/conversation.js";
import type { Turn } from "../../firewall/types.js";

export function messagesToTurns(messages: readonly unknown[]): Turn[] {
  const turns: Turn[] = [];
  for (const message of messages) {
    if (message === null || typeof message !== "object") continue;
    const role = (message as { role?: unknown }).role;
    const { text } = messageText(message);
    if (role === "user") {
      turns.push({ user: text, agent: "" });
    } else if (role === "assistant") {
      const last = turns[turns.length - 1];
      // Consecutive assistant messages belong to one reply.
      if (last) last.agent = last.agent ? `${last.agent}\n${text}` : text;
    }
  }
  return turns;
}
