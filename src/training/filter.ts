/**
 * --from / --until / --last: which conversations training may use. An experiment is what the tool
 * ran as one test (its experiment id, or the file it came in); --last keeps the N most recent.
 */
import type { ImportedConversation } from "./formats/types.js";

export interface ConversationFilter {
  from?: Date;
  /** Exclusive upper bound. */
  until?: Date;
  last?: number;
}

/** "2025-03-01" or a full ISO timestamp; a bare --until day includes the whole day. */
export function parseFilterDate(text: string, bound: "from" | "until"): Date {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const date = new Date(day ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(date.getTime())) throw new Error(`--${bound}: "${text}" is not a date (use YYYY-MM-DD or an ISO timestamp)`);
  if (day && bound === "until") date.setUTCDate(date.getUTCDate() + 1);
  return date;
}

export interface FilterResult {
  kept: ImportedConversation[];
  dropped: Record<string, number>;
  experiments: { total: number; kept: number };
}

export function filterConversations(conversations: readonly ImportedConversation[], filter: ConversationFilter): FilterResult {
  const dropped: Record<string, number> = {};
  const drop = (reason: string): void => {
    dropped[reason] = (dropped[reason] ?? 0) + 1;
  };
  const dated = filter.from !== undefined || filter.until !== undefined;
  let kept = conversations.filter((c) => {
    if (!dated) return true;
    if (!c.date) return drop("undated (a date filter was given)"), false;
    if (filter.from && c.date < filter.from) return drop("before --from"), false;
    if (filter.until && c.date >= filter.until) return drop("after --until"), false;
    return true;
  });

  const order: string[] = [];
  const latest = new Map<string, number>();
  for (const c of kept) {
    if (!latest.has(c.experiment)) order.push(c.experiment);
    latest.set(c.experiment, Math.max(latest.get(c.experiment) ?? Number.NEGATIVE_INFINITY, c.date?.getTime() ?? Number.NEGATIVE_INFINITY));
  }
  let keptExperiments = order.length;
  if (filter.last !== undefined && order.length > filter.last) {
    // Most recent first; undated experiments count as older, later imports as newer among equals.
    const ranked = order
      .map((name, index) => ({ name, index, time: latest.get(name) ?? Number.NEGATIVE_INFINITY }))
      .sort((a, b) => (b.time === a.time ? b.index - a.index : b.time - a.time));
    const chosen = new Set(ranked.slice(0, filter.last).map((e) => e.name));
    kept = kept.filter((c) => chosen.has(c.experiment) || (drop(`not among the last ${filter.last} experiments`), false));
    keptExperiments = chosen.size;
  }
  return { kept, dropped, experiments: { total: order.length, kept: keptExperiments } };
}
