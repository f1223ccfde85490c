/**
 * PromptFoo eval export (`promptfoo export eval <id>`): `evalId`, and `results.results[]` with
 * `prompt.raw` (or `prompt.label`), `response.output`, `success`, `score`,
 * `gradingResult.reason`. In a red-team eval `success: false` means the attack got through.
 * A chat prompt's raw text may be a JSON messages array; it is read as a conversation.
 */
import { z } from "zod";
import { messagesToTurns } from "./messages.js";
import { ImportError, parseDate, skip, type ImportedConversation } from "./types.js";
import type { Turn } from "../../firewall/types.js";

const resultSchema = z.looseObject({
  prompt: z.union([z.string(), z.looseObject({ raw: z.string().nullish(), label: z.string().nullish() })]).nullish(),
  response: z.union([z.string(), z.looseObject({ output: z.unknown() })]).nullish(),
  success: z.boolean().nullish(),
  score: z.number().nullish(),
  gradingResult: z.looseObject({ reason: z.string().nullish() }).nullish(),
  metadata: z.looseObject({ pluginId: z.string().nullish() }).nullish(),
  testCase: z.looseObject({ metadata: z.looseObject({ pluginId: z.string().nullish() }).nullish() }).nullish(),
});

export const promptfooFileSchema = z.looseObject({
  evalId: z.string(),
  createdAt: z.union([z.string(), z.number()]).nullish(),
  config: z.looseObject({ redteam: z.unknown() }).nullish(),
  results: z.looseObject({ results: z.array(z.unknown()) }),
});

function outputText(response: z.output<typeof resultSchema>["response"]): string {
  if (typeof response === "string") return response;
  const output = response?.output;
  if (typeof output === "string") return output;
  return output === undefined || output === null ? "" : JSON.stringify(output);
}

/** A prompt is a plain string, or a JSON messages array for chat prompts. */
function promptTurns(raw: string, reply: string): Turn[] {
  const trimmed = raw.trim();
  if (trimmed.startsWith("[")) {
    try {
      const messages: unknown = JSON.parse(trimmed);
      if (Array.isArray(messages) && messages.every((m) => m !== null && typeof m === "object" && "role" in m)) {
        const turns = messagesToTurns(messages);
        const last = turns[turns.length - 1];
        if (last && !last.agent) last.agent = reply;
        return turns;
      }
    } catch {
      // Not JSON: the prompt is text that happens to start with "[".
    }
  }
  return [{ user: raw, agent: reply }];
}

export function convertPromptfoo(document: unknown, file: string, skipped: Record<string, number>, warnings: string[]): ImportedConversation[] {
  const parsed = promptfooFileSchema.safeParse(document);
  if (!parsed.success) throw new ImportError(`${file}: not a PromptFoo eval export (needs "evalId" and "results.results")`);
  const { evalId, createdAt, config, results } = parsed.data;
  const date = parseDate(createdAt);
  const out: ImportedConversation[] = [];
  let plugins = 0;
  results.results.forEach((raw, index) => {
    const entry = resultSchema.safeParse(raw);
    if (!entry.success) {
      skip(skipped, "not a PromptFoo result");
      return;
    }
    const r = entry.data;
    const prompt = typeof r.prompt === "string" ? r.prompt : (r.prompt?.raw ?? r.prompt?.label ?? "");
    if (!prompt.trim()) {
      skip(skipped, "empty prompt");
      return;
    }
    if (typeof r.success !== "boolean") {
      skip(skipped, "success missing");
      return;
    }
    const plugin = r.metadata?.pluginId ?? r.testCase?.metadata?.pluginId ?? undefined;
    if (plugin) plugins++;
    out.push({
      source: file,
      id: `${evalId}#${index}`,
      kind: "adversarial",
      outcome: r.success ? "resisted" : "compromised",
      turns: promptTurns(prompt, outputText(r.response)),
      labelScope: "conversation",
      stratum: plugin || "promptfoo",
      ...(typeof r.score === "number" && r.score >= 0 && r.score <= 1 ? { severity: (1 - r.score) * 100 } : {}),
      ...(date ? { date } : {}),
      experiment: evalId,
    });
  });
  if (out.length > 0 && !config?.redteam && plugins === 0) {
    warnings.push(`${file}: no red-team markers (config.redteam, plugin ids); every result was read as an attack, success: false as one that got through`);
  }
  return out;
}
