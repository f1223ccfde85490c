/**
 * Training orchestration: filter the imported conversations, hold out a validation split,
 * curate samples from the rest, train the attack and benign instances of the classifier on their
 * own data, replay the held-out conversations, and pack everything into a .hbfw file. The model
 * that is saved is the one that was validated: the figures in config.json describe it exactly.
 */
import type { AgentConfig } from "../firewall/config/agent.js";
import type { AgentClassifier } from "../firewall/tier2/classifier.js";
import { DEFAULT_SNIPPET_FORMAT } from "../firewall/tier2/classifier.js";
import { encodeHbfw, HBFW_FORMAT, HBFW_FORMAT_VERSION, type HbfwConfig, type SourceReport, type ValidationReport } from "../firewall/tier2/hbfw.js";
import type { ResolvedClassifier } from "../firewall/tier2/load-classifier.js";
import { curate, DEFAULT_CURATION, snippetsOf, type CuratedData, type CurationOptions } from "./curate.js";
import { filterConversations, type ConversationFilter, type FilterResult } from "./filter.js";
import type { ImportResult } from "./formats/types.js";
import { splitConversations } from "./split.js";
import { replay, summarize, type TurnVerdict } from "./validate.js";

export class TrainingDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TrainingDataError";
  }
}

export interface TrainRequest {
  agent: AgentConfig;
  imports: readonly ImportResult[];
  classifier: ResolvedClassifier;
  filter?: ConversationFilter;
  /** Fewest attack samples and benign samples (each) to train on. */
  minSamples?: number;
  /** Share of conversations held out for validation (0 turns validation off). */
  validationFraction?: number;
  seed?: number;
  curation?: Partial<Omit<CurationOptions, "permittedIntents" | "restrictedIntents">>;
  now?: Date;
}

export interface TrainOutcome {
  bytes: Uint8Array;
  config: HbfwConfig;
  attack: AgentClassifier;
  benign: AgentClassifier;
  filtered: FilterResult;
  curated: CuratedData;
  validation: ValidationReport | null;
  verdicts: TurnVerdict[];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export async function trainTier2(request: TrainRequest): Promise<TrainOutcome> {
  const minSamples = request.minSamples ?? 30;
  const fraction = request.validationFraction ?? 0.2;
  const seed = request.seed ?? 1;
  const options: CurationOptions = {
    ...DEFAULT_CURATION,
    seed,
    ...request.curation,
    permittedIntents: request.agent.intents.permitted,
    restrictedIntents: request.agent.intents.restricted,
  };

  const all = request.imports.flatMap((r) => r.conversations);
  const filtered = filterConversations(all, request.filter ?? {});

  const everything = curate(filtered.kept, options);
  const attackFound = everything.attack.length;
  const benignFound = everything.benign.length - options.permittedIntents.length;
  if (attackFound < minSamples || benignFound < minSamples) {
    throw new TrainingDataError(
      `too few samples to train Tier 2: found ${plural(attackFound, "attack turn")} (from ${plural(everything.conversations.attack, "succeeded adversarial conversation")}) ` +
        `and ${plural(benignFound, "benign turn")} (from ${plural(everything.conversations.benign, "passed QA conversation")}); ` +
        `--min-samples asks for at least ${minSamples} of each. Import more red-team logs, or lower --min-samples.`,
    );
  }

  const split = splitConversations(filtered.kept, fraction, seed);
  const curated = curate(split.train, options);
  if (curated.attack.length === 0 || curated.benign.length === 0) {
    throw new TrainingDataError("after holding out the validation split no attack or no benign sample is left to train on; lower --validation");
  }

  const attack = new request.classifier.cls("attack");
  const benign = new request.classifier.cls("benign");
  const base = { permittedIntents: [...options.permittedIntents], restrictedIntents: [...options.restrictedIntents] };
  for (const [classifier, samples, background, roleSeed] of [
    [attack, curated.attack, curated.attackBackground, seed],
    [benign, curated.benign, curated.benignBackground, seed + 1],
  ] as const) {
    const snippets = samples.flatMap(snippetsOf);
    await classifier.train(
      snippets.map((s) => s.text),
      {
        ...base,
        groups: snippets.map((s) => s.group),
        background: background.map((s) => s.text),
        backgroundGroups: background.map((s) => s.group),
        seed: roleSeed,
      },
    );
  }

  const verdicts = split.validation.length > 0 ? replay(attack, benign, split.validation, options) : [];
  const validation = split.validation.length > 0 ? summarize(verdicts, split.validation.length) : null;

  const sources: SourceReport[] = request.imports.map((r) => {
    const kept = filtered.kept.filter((c) => c.source === r.file);
    return {
      file: r.file,
      format: r.format,
      conversations: kept.length,
      turns: kept.reduce((n, c) => n + c.turns.length, 0),
      attack_samples: curated.attack.filter((s) => s.source === r.file).length,
      benign_samples: curated.benign.filter((s) => s.source === r.file).length,
    };
  });

  const config: Omit<HbfwConfig, "weights"> = {
    format: HBFW_FORMAT,
    format_version: HBFW_FORMAT_VERSION,
    created_at: (request.now ?? new Date()).toISOString(),
    agent: { name: request.agent.name, ...(request.agent.version !== undefined ? { version: request.agent.version } : {}) },
    classifier: { id: request.classifier.id, ...(request.classifier.module ? { module: request.classifier.module } : {}) },
    context: { turns: options.format.contextTurns ?? DEFAULT_SNIPPET_FORMAT.contextTurns, message_chars: options.format.messageChars },
    training: {
      sources,
      samples: {
        attack: curated.attack.length,
        benign: curated.benign.length - options.permittedIntents.length,
        permitted_intents: options.permittedIntents.length,
        attack_background: curated.attackBackground.length,
        benign_background: curated.benignBackground.length,
      },
      strata: curated.strata,
      validation_fraction: fraction,
      seed,
    },
    validation,
  };
  const bytes = await encodeHbfw(config, attack.exportWeights(), benign.exportWeights());
  const full: HbfwConfig = { ...config, weights: { attack: Object.keys(attack.exportWeights()), benign: Object.keys(benign.exportWeights()) } };
  return { bytes, config: full, attack, benign, filtered, curated, validation, verdicts };
}
