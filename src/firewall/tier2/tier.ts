/**
 * Tier 2 as a FirewallTier: loads the .hbfw model and the classifier class, and votes on every
 * conversation that has at least `tier2_min_turns` earlier turns. It also looks at conversations
 * that Tier 1 passed with confidence, since an agent-specific attack can look generic-benign.
 */
import { isAbsolute, resolve } from "node:path";
import type { AgentClassifier, AgentClassifierClass, SnippetFormat } from "./classifier.js";
import { readHbfwFile, type HbfwConfig, type HbfwModel } from "./hbfw.js";
import { loadClassifier } from "./load-classifier.js";
import { classifyTurn, type Vote, type VoteResult } from "./voting.js";
import type { Conversation, FirewallTier, TierOutcome } from "../types.js";

export interface Tier2Options {
  /** The .hbfw file (relative paths resolve against baseDir). */
  modelPath: string;
  /** Classifier module path; the built-in n-gram classifier when absent. */
  classifier?: string;
  baseDir?: string;
  /** settings.tier2_min_turns */
  minTurns: number;
}

export class Tier2LoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Tier2LoadError";
  }
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

function voteDetails(vote: Vote): Record<string, unknown> {
  return { match: vote.match, context: round(vote.contextScore), turn: round(vote.turnScore), contextMatch: vote.contextMatch, turnMatch: vote.turnMatch };
}

export function outcomeOf(result: VoteResult): TierOutcome {
  const details = { attack: voteDetails(result.attack), benign: voteDetails(result.benign) };
  const attackProbability = round(result.attackProbability);
  if (result.decision === "block") {
    return { decision: "block", category: "violation", explanation: "Tier 2.1: attack detected", attackProbability, details };
  }
  if (result.decision === "pass") {
    return { decision: "pass", category: "none", explanation: "Tier 2.2: benign request", attackProbability, details };
  }
  const explanation =
    result.reason === "conflicting"
      ? "Tier 2: conflicting votes (both the attack and the benign classifier match)"
      : "Tier 2: uncertain (neither classifier matches)";
  return { decision: "escalate", category: "uncertain", explanation, attackProbability, details: { reason: result.reason, ...details } };
}

/** A Tier 2 over two classifiers that are already trained or loaded (used by training and tests too). */
export class Tier2 implements FirewallTier {
  readonly tier = 2 as const;
  readonly name = "agent-classifier";
  readonly checksConfidentPasses = true;

  constructor(
    readonly attack: AgentClassifier,
    readonly benign: AgentClassifier,
    readonly minTurns: number,
    readonly format: SnippetFormat,
    readonly modelConfig?: HbfwConfig,
  ) {}

  appliesTo(conversation: Conversation): boolean {
    return conversation.priorTurns >= this.minTurns;
  }

  async evaluate(conversation: Conversation): Promise<TierOutcome> {
    return outcomeOf(classifyTurn(this.attack, this.benign, conversation.history, conversation.prompt, this.format));
  }
}

/** Instantiates both roles of a classifier class from a loaded model. */
export function instantiate(cls: AgentClassifierClass, model: HbfwModel): { attack: AgentClassifier; benign: AgentClassifier } {
  const attack = new cls("attack");
  const benign = new cls("benign");
  attack.loadWeights(model.weights.attack);
  benign.loadWeights(model.weights.benign);
  return { attack, benign };
}

export async function createTier2(options: Tier2Options): Promise<Tier2> {
  const baseDir = options.baseDir ?? process.cwd();
  const modelPath = isAbsolute(options.modelPath) ? options.modelPath : resolve(baseDir, options.modelPath);
  const model = await readHbfwFile(modelPath);
  const resolved = await loadClassifier(options.classifier, baseDir);
  if (resolved.id !== model.config.classifier.id) {
    throw new Tier2LoadError(
      `${modelPath} was trained with classifier "${model.config.classifier.id}", but the configured classifier is "${resolved.id}"` +
        (model.config.classifier.module ? ` (the model was trained with --model ${model.config.classifier.module})` : ""),
    );
  }
  let pair: { attack: AgentClassifier; benign: AgentClassifier };
  try {
    pair = instantiate(resolved.cls, model);
  } catch (error) {
    throw new Tier2LoadError(`${modelPath}: the classifier refused its weights: ${error instanceof Error ? error.message : String(error)}`);
  }
  const format = { contextTurns: model.config.context.turns, messageChars: model.config.context.message_chars };
  return new Tier2(pair.attack, pair.benign, options.minTurns, format, model.config);
}
