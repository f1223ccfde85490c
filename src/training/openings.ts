/**
 * Red-team tools judge whole conversations, so "the last turns of a conversation where the attack
 * worked" also catches the harmless opening a multi-turn attack starts with ("Hi, my card hasn't
 * arrived"). Labelled as attacks, such turns teach the attack classifier that ordinary requests
 * are attacks, and the benign classifier that they are not benign.
 *
 * This step finds them the way confident learning does (Northcutt et al., 2021): a quick n-gram
 * model of attack turns against the benign turns scores every attack turn out of fold (by a
 * model that saw nothing of its conversation); a turn that such a model calls benign is an
 * opening, not a payload, and is dropped. Attack turns that resemble other attacks keep high
 * scores, however polite they sound.
 */
import { HashedFeaturizer, LinearModel, fitLogistic, seededRandom, shuffleInPlace, sigmoid, vectorize, type SparseVector } from "../firewall/ml/index.js";
import type { Sample } from "./curate.js";

const FOLDS = 4;
/** Attack turns scored below this out of fold look like benign turns. */
const OPENING_BELOW = 0.5;

function groupOf(sample: Sample): string {
  return `${sample.source}\u0000${sample.conversation}`;
}

export interface OpeningFilter {
  /** Indices (into the attack list) of the turns to keep. */
  keep: Set<number>;
  /** Scores that fell below the cut, for the report. */
  dropped: number;
}

export function findOpenings(attack: readonly Sample[], benign: readonly Sample[], seed: number): OpeningFilter {
  if (attack.length < FOLDS || benign.length < FOLDS) return { keep: new Set(attack.map((_, i) => i)), dropped: 0 };
  const featurizer = new HashedFeaturizer({ bits: 18 });
  const texts = [...attack.map((s) => s.turn), ...benign.map((s) => s.turn)];
  const groups = [...attack.map(groupOf), ...benign.map(groupOf)];
  const vectors = vectorize(featurizer, texts);
  const labels = new Uint8Array(texts.length);
  labels.fill(1, 0, attack.length);

  const names = [...new Set(groups)];
  shuffleInPlace(names, seededRandom(seed));
  const foldOf = new Map(names.map((g, i) => [g, i % FOLDS]));
  const keep = new Set<number>();
  for (let k = 0; k < FOLDS; k++) {
    const rows: number[] = [];
    for (let r = 0; r < texts.length; r++) if (foldOf.get(groups[r] ?? "") !== k) rows.push(r);
    const model = LinearModel.zeros(featurizer.dimension);
    fitLogistic(model, rows.map((r) => vectors[r] as SparseVector), Uint8Array.from(rows, (r) => labels[r] ?? 0), { epochs: 6, seed: seed + k });
    for (let i = 0; i < attack.length; i++) {
      if (foldOf.get(groups[i] ?? "") !== k) continue;
      if (sigmoid(model.decision(vectors[i] as SparseVector)) >= OPENING_BELOW) keep.add(i);
    }
  }
  return { keep, dropped: attack.length - keep.size };
}
