/** Tier 2 configuration in agent.yaml (`tier2:`). */
import { z } from "zod";

export const tier2ConfigSchema = z
  .object({
    model_path: z.string().min(1),
    classifier: z.string().min(1).optional(),
  })
  .strict();
export type Tier2Config = z.output<typeof tier2ConfigSchema>;
