/**
 * Tier 2 configuration in agent.yaml (`tier2:`). Without it (and without a model path in the
 * Firewall options) there is no Tier 2. Relative paths resolve against agent.yaml's folder.
 *
 *   tier2:
 *     model_path: firewall.hbfw            # written by `moat train`
 *     classifier: detectors/my-model.ts    # optional; the module the model was trained with
 */
import { z } from "zod";

export const tier2ConfigSchema = z
  .object({
    /** The .hbfw model file. */
    model_path: z.string().min(1),
    /**
     * Module exporting `class AgentClassifier` (.js, .mjs, or .ts under tsx); "builtin" or absent
     * for the built-in n-gram classifier. It must be the classifier the model was trained with.
     */
    classifier: z.string().min(1).optional(),
  })
  .strict();
export type Tier2Config = z.output<typeof tier2ConfigSchema>;
