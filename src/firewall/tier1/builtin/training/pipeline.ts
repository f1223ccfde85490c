/**
 * The built-in detector's training run: corpus -> classifier -> per-source calibration and
 * thresholds on validation data -> one model file with its provenance. Deterministic for a seed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { applyPlatt, fitPlatt, type Platt } from "../../../ml/calibration.js";
import { train, type TextClassifier } from "../../../ml/classifier.js";
import type { FeaturizerConfig } from "../../../ml/featurizer.js";
import { encodeClassifierBundle } from "../../../ml/bundle-file.js";
import type { WeightDtype } from "../../../ml/weights-file.js";
import { outcomeOf, outcomeShares, type OutcomeShares } from "../outcome.js";
import { maxLogit, type ContentSource } from "../scorer.js";
import { OTHER_LANGUAGES_PART, type BuiltinMetadata } from "../model-file.js";
import { buildCorpus, NON_ENGLISH_ONLY_GROUPS, type Example } from "./corpus.js";
import { chooseThresholds, type Scored } from "./thresholds.js";

export interface TrainBuiltinOptions {
  dataDir: string;
  /** Output file (models/<name>.bin). */
  out: string;
  name: string;
  limit?: number;
  seed?: number;
  epochs?: number;
  learningRate?: number;
  l2?: number;
  initialAccumulator?: number;
  featurizer?: Partial<FeaturizerConfig>;
  toolFeaturizer?: Partial<FeaturizerConfig>;
  dtype?: WeightDtype;
  log?: (line: string) => void;
}

export interface ValidationRow extends OutcomeShares {
  source: ContentSource;
  group: string;
  label: 0 | 1;
}

export interface TrainBuiltinReport {
  out: string;
  bytes: number;
  trainExamples: number;
  valExamples: number;
  seconds: number;
  metadata: BuiltinMetadata;
  validation: ValidationRow[];
}

function balancedWeights(labels: readonly number[]): number[] {
  const pos = labels.filter((y) => y === 1).length;
  const neg = labels.length - pos;
  return labels.map((y) => (y === 1 ? labels.length / (2 * Math.max(1, pos)) : labels.length / (2 * Math.max(1, neg))));
}

/**
 * Groups generated from templates are left out of calibration and thresholds: their validation
 * rows are siblings of training rows, so they would make the model look surer than it is.
 */
export const isTemplated = (group: string): boolean => /^(synthetic|obfuscated|composed)/.test(group);

function calibrate(classifier: TextClassifier, val: readonly Example[], source: ContentSource) {
  const rows = val.filter((e) => e.source === source && !isTemplated(e.group));
  const logits = rows.map((e) => maxLogit(classifier, e.text, source));
  const labels = rows.map((e) => e.label);
  const platt: Platt = fitPlatt(logits, labels, balancedWeights(labels));
  const scored: Scored[] = rows.map((e, i) => ({ p: applyPlatt(platt, logits[i] ?? 0), label: e.label, group: e.group }));
  return { platt, scored, thresholds: chooseThresholds(scored) };
}

export function trainBuiltinModel(options: TrainBuiltinOptions): TrainBuiltinReport {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const seed = options.seed ?? 7;
  const corpus = buildCorpus(options.dataDir, { limit: options.limit, seed });
  log(`corpus: ${corpus.train.length} training windows, ${corpus.val.length} validation texts, ${corpus.droppedNearDuplicates} near-duplicates of evaluation texts dropped`);

  const fit = (examples: readonly Example[], featurizer: Partial<FeaturizerConfig>, label: string): TextClassifier =>
    train(
      examples.map((e) => e.text),
      examples.map((e) => e.label),
      {
        featurizer,
        sampleWeights: examples.map((e) => e.weight),
        epochs: options.epochs ?? 6,
        learningRate: options.learningRate ?? 0.05,
        l2: options.l2 ?? 1e-6,
        initialAccumulator: options.initialAccumulator ?? 0.01,
        seed,
        onEpoch: (r) => log(`${label} epoch ${r.epoch}: loss ${r.loss.toFixed(4)}`),
      },
    );
  const allPromptTrain = corpus.train.filter((e) => e.source === "prompt");
  const promptTrain = allPromptTrain.filter((e) => !NON_ENGLISH_ONLY_GROUPS.has(e.group));
  // The tool model also learns from prompt data, down-weighted: attacks pasted into documents are
  // still attacks, while the documents and planted instructions decide what is normal there.
  const toolTrain = [
    ...corpus.train.filter((e) => e.source === "tool"),
    ...promptTrain.map((e) => ({ ...e, weight: e.weight * (e.label === 1 ? 0.5 : 0.25) })),
  ];
  const promptModel = fit(promptTrain, { bits: 19, ...options.featurizer }, "prompt");
  const toolModel = fit(toolTrain, { bits: 18, ...options.toolFeaturizer }, "tool");
  // Reads prompts in Italian, Portuguese, Spanish, French, German and Dutch (language.ts decides).
  const otherLanguagesModel = fit(allPromptTrain, { bits: 19, ...options.featurizer }, "prompt (other languages)");
  const classifiers = { prompt: promptModel, tool: toolModel, [OTHER_LANGUAGES_PART]: otherLanguagesModel };

  const prompt = calibrate(promptModel, corpus.val, "prompt");
  const tool = calibrate(toolModel, corpus.val, "tool");
  // Calibrated and thresholded on the same validation groups as the English prompt model, so its
  // thresholds mean the same false-block and miss rates there.
  const otherLanguages = calibrate(otherLanguagesModel, corpus.val, "prompt");
  log(
    `thresholds: prompt block>=${prompt.thresholds.blockAt} pass<${prompt.thresholds.passBelow}; tool block>=${tool.thresholds.blockAt} pass<${tool.thresholds.passBelow}; ` +
      `other languages block>=${otherLanguages.thresholds.blockAt} pass<${otherLanguages.thresholds.passBelow}`,
  );

  const validation: ValidationRow[] = [];
  for (const [source, result] of [["prompt", prompt], ["tool", tool]] as const) {
    const keys = [...new Set(result.scored.map((s) => `${s.label}\u0000${s.group}`))].sort();
    for (const key of keys) {
      const [label, group] = key.split("\u0000") as [string, string];
      const ps = result.scored.filter((s) => String(s.label) === label && s.group === group);
      validation.push({ source, group, label: label === "1" ? 1 : 0, ...outcomeShares(ps.map((s) => outcomeOf(s.p, result.thresholds))) });
    }
  }

  const metadata: BuiltinMetadata = {
    name: options.name,
    calibration: { prompt: prompt.platt, tool: tool.platt, otherLanguages: otherLanguages.platt },
    thresholds: {
      prompt: { blockAt: prompt.thresholds.blockAt, passBelow: prompt.thresholds.passBelow },
      tool: { blockAt: tool.thresholds.blockAt, passBelow: tool.thresholds.passBelow },
      otherLanguages: { blockAt: otherLanguages.thresholds.blockAt, passBelow: otherLanguages.thresholds.passBelow },
    },
    training: {
      seed,
      limit: options.limit ?? null,
      examples: corpus.train.length,
      groups: corpus.groups,
      droppedNearDuplicates: corpus.droppedNearDuplicates,
      targetsMet: { prompt: prompt.thresholds.metTargets, tool: tool.thresholds.metTargets, otherLanguages: otherLanguages.thresholds.metTargets },
    },
  };
  const bytes = encodeClassifierBundle(
    Object.fromEntries(Object.entries(classifiers).map(([part, classifier]) => [part, classifier.exportWeights()])),
    { dtype: options.dtype ?? "i16", metadata: { ...metadata } },
  );
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, bytes);
  return {
    out: options.out,
    bytes: bytes.length,
    trainExamples: corpus.train.length,
    valExamples: corpus.val.length,
    seconds: (Date.now() - started) / 1000,
    metadata,
    validation,
  };
}
