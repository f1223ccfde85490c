/**
 * Event filters as text (CLI flags, the admin API's query string), validated with zod and turned
 * into a ListQuery. Times are durations back from now ("90s", "15m", "1h", "7d", "2w"), ISO
 * dates, or epoch milliseconds.
 */
import { z } from "zod";
import { CATEGORIES, MARKS, OUTCOMES, VERDICTS } from "./record.js";
import type { ListQuery } from "./store.js";

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses "1h" (one hour before now), "2025-01-31T12:00:00Z" or epoch ms; throws a RangeError with the accepted forms. */
export function parseTime(value: string, now = Date.now()): number {
  const text = value.trim();
  const duration = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(text);
  if (duration) return Math.round(now - Number(duration[1]) * (UNIT_MS[duration[2]!.toLowerCase()] ?? 0));
  if (/^\d{10,}$/.test(text)) return Number(text);
  const parsed = Date.parse(text);
  if (!Number.isNaN(parsed) && /^\d{4}-\d{2}-\d{2}/.test(text)) return parsed;
  throw new RangeError(`invalid time "${value}": expected a duration such as 30m, 1h, 7d, an ISO date such as 2025-01-31T12:00:00Z, or epoch milliseconds`);
}

function timeField(now: () => number) {
  return z.string().transform((value, ctx) => {
    try {
      return parseTime(value, now());
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  });
}

export function filterParamsSchema(now: () => number = Date.now) {
  return z
    .object({
      since: timeField(now).optional(),
      until: timeField(now).optional(),
      route: z.string().min(1).max(200).optional(),
      verdict: z.enum(VERDICTS).optional(),
      outcome: z.enum(OUTCOMES).optional(),
      category: z.enum(CATEGORIES).optional(),
      tier: z.coerce.number().int().min(0).max(3).optional(),
      mark: z.enum([...MARKS, "any", "none"]).optional(),
      include_passes: z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1").optional(),
      limit: z.coerce.number().int().min(1).max(1000).optional(),
      cursor: z.string().regex(/^\d+\.[A-Za-z0-9_-]+$/, "invalid cursor").optional(),
    })
    .strict();
}

export type FilterParams = z.input<ReturnType<typeof filterParamsSchema>>;

/** Empty strings (an unset form field) mean "no filter". */
export function parseFilterParams(params: Record<string, string | undefined>, now: () => number = Date.now): ListQuery {
  const present = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = filterParamsSchema(now).parse(present);
  const { include_passes, ...rest } = parsed;
  const query: ListQuery = {};
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) (query as Record<string, unknown>)[key] = value;
  if (include_passes !== undefined) query.includePasses = include_passes;
  return query;
}
