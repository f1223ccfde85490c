/**
 * The optimised scoring path computes what the straightforward implementation did: the shipped
 * model's scores, and the feature vectors Tier 2 trains on, compared with the reference copy in
 * ./reference on a few hundred varied texts.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HashedFeaturizer, type FeaturizerConfig } from "../../src/firewall/ml/featurizer.js";
import { normalizeForDetection } from "../../src/firewall/ml/normalize.js";
import { decodeEmbeddedPayloads } from "../../src/firewall/ml/payloads.js";
import { readBuiltinModel } from "../../src/firewall/tier1/builtin/model-file.js";
import { maxLogit } from "../../src/firewall/tier1/builtin/scorer.js";
import { comparisonCorpus } from "./reference/corpus.js";
import { ReferenceFeaturizer } from "./reference/featurizer.js";
import { normalizeForDetection as referenceNormalize } from "./reference/normalize.js";
import { decodeEmbeddedPayloads as referencePayloads } from "./reference/payloads.js";
import { ReferenceClassifier } from "./reference/scorer.js";

const TEXTS = comparisonCorpus();
const MODEL = readBuiltinModel(join(import.meta.dirname, "..", "..", "models", "moat-injection-v1.bin"));

describe("optimised built-in scoring", () => {
  it("covers a varied corpus", () => {
    expect(TEXTS.length).toBeGreaterThan(300);
    expect(TEXTS.some((t) => t.length > 6000)).toBe(true);
    expect(TEXTS.filter((t) => decodeEmbeddedPayloads(t).length > 0).length).toBeGreaterThan(40);
  });

  it.each(["prompt", "tool"] as const)("gives the shipped model's %s scores the reference gives", (source) => {
    const classifier = MODEL.classifiers[source];
    const reference = new ReferenceClassifier(classifier);
    for (const text of TEXTS) {
      const expected = reference.maxLogit(text, source);
      const actual = maxLogit(classifier, text, source);
      if (Math.abs(actual - expected) > 1e-5) expect.fail(`${source} logit ${actual} != ${expected} for ${JSON.stringify(text.slice(0, 80))}`);
    }
  });

  it("normalises and decodes payloads exactly as the reference does", () => {
    for (const text of TEXTS) {
      expect(normalizeForDetection(text)).toBe(referenceNormalize(text));
      expect(decodeEmbeddedPayloads(text)).toEqual(referencePayloads(text));
    }
  });

  const configs: Array<Partial<FeaturizerConfig>> = [
    {},
    { bits: 18 },
    { bits: 8 },
    { bits: 12, wordNgramMax: 4, charNgramMin: 1, charNgramMax: 8, wordWeight: 0.3, charWeight: 0.7 },
    { bits: 16, wordNgramMax: 0, sublinearTf: false, signedHash: false },
    { bits: 16, charNgramMin: 0, charNgramMax: 0, normalize: false },
    { bits: 14, charNgramMin: 0, charNgramMax: 2 },
  ];
  it.each(configs)("transform() gives the reference vectors for %j", (config) => {
    const featurizer = new HashedFeaturizer(config);
    const reference = new ReferenceFeaturizer(config);
    const weights = Float32Array.from({ length: featurizer.dimension }, (_, i) => Math.sin(i * 0.37));
    for (const text of TEXTS) {
      const actual = featurizer.transform(text);
      const expected = reference.transform(text);
      // Same buckets in the same (first-seen) order, and the same float32 values.
      expect(Array.from(actual.indices)).toEqual(Array.from(expected.indices));
      expect(Array.from(actual.values)).toEqual(Array.from(expected.values));
      const prepared = featurizer.prepare(text);
      expect(featurizer.dotPrepared(prepared, weights)).toBeCloseTo(reference.dotPrepared(prepared, weights), 9);
    }
  });
});
