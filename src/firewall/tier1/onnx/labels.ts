/**
 * Which output labels mean "attack". Classifiers name them differently: INJECTION (protectai),
 * JAILBREAK and INJECTION (Prompt Guard 1), MALICIOUS or LABEL_1 (Prompt Guard 2). The attack
 * probability is the summed softmax of those labels.
 */
import { DetectorSetupError } from "../setup-error.js";

const ATTACK = /inject|jailbreak|malicious|attack|unsafe|harmful/i;
const NEGATED = /^(not|no|non)[-_ ]?|^(safe|benign|legit)/i;

export function attackLabelIndexes(id2label: readonly string[], configured: string | readonly string[] | undefined, where: string): number[] {
  const known = id2label.map((l, i) => `${i}: ${l}`).join(", ");
  if (configured !== undefined) {
    const wanted = typeof configured === "string" ? [configured] : configured;
    return wanted.map((name) => {
      const index = id2label.findIndex((l) => l === name || l.toLowerCase() === name.toLowerCase());
      if (index < 0) throw new DetectorSetupError(`${where}: attack_label "${name}" is not a label of the model (${known})`);
      return index;
    });
  }
  const inferred = id2label.flatMap((label, i) => (ATTACK.test(label) && !NEGATED.test(label) ? [i] : []));
  if (inferred.length > 0 && inferred.length < id2label.length) return inferred;
  if (id2label.length === 2 && id2label[0] === "LABEL_0" && id2label[1] === "LABEL_1") return [1];
  throw new DetectorSetupError(`${where}: cannot tell which label means attack (${known}); set attack_label`);
}
