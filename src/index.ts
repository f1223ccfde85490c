export { Firewall, type FirewallOptions, type EvaluateOptions } from "./firewall/firewall.js";
export { parseConversation, sanitizeMessages, messageText } from "./firewall/conversation.js";
export { sanitizeText } from "./firewall/tier0/sanitize.js";
export { loadAgentConfig, agentConfigSchema, type AgentConfig } from "./firewall/config/agent.js";
export { ConfigError } from "./firewall/config/errors.js";
export type * from "./firewall/types.js";
export { whenReasonComplete } from "./firewall/tier3/judge.js";
