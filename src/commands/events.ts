/**
 * `moat events`: lists, shows, exports and marks the events a proxy stored. It reads the SQLite
 * file the proxy writes (WAL lets it do so while the proxy runs), found through proxy.config.yaml
 * or given with --db.
 */
import { createWriteStream } from "node:fs";
import { z } from "zod";
import { loadProxyConfig } from "../config/proxy-config.js";
import { EventStoreError } from "../events/errors.js";
import { parseFilterParams } from "../events/filter.js";
import { markSchema, type StoredEvent } from "../events/record.js";
import { EventStore, type ListQuery } from "../events/store.js";
import { exportTraining, type ExportSummary, type SkipReason } from "../events/training-export.js";
import { parseCommandArgs, UsageError } from "./args.js";

const HELP = `usage: moat events [list] [filters] [--limit N] [--json]
       moat events show <event-id> [--json]
       moat events export [--label] [--marked-only] [filters] [-o FILE]
       moat events mark <event-id> false_positive|missed_attack|clear [--note TEXT]

The store is the file named by events.path in proxy.config.yaml (--config, default
./proxy.config.yaml), or --db FILE.

Filters: --since 1h|30m|7d|<ISO date>  --until ...  --route NAME  --verdict pass|block|review
         --outcome block|review|would_block|pass  --category C  --tier 0-3
         --mark false_positive|missed_attack|any|none  --all (include stored passes)
Without --verdict, --outcome or --mark, only flagged (non-pass) events are listed.

list     newest first, as a table; --json prints one stored event per line.
export   writes the matching events oldest first, one JSON line each; with --label, as training
         data for "moat train --import": {"messages":[{"role":"user","content":...}],
         "label":"attack"|"benign","source":"moat-events","event_id",...}. The label is the
         operator's mark (false_positive -> benign, missed_attack -> attack), else the verdict
         (block -> attack, pass -> benign); review events without a mark are left out.
         --marked-only keeps only events an operator marked. Without filters, export takes
         every stored event, passes included.
mark     records an operator's correction; "clear" removes it.`;

export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: CommandIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

const OPTIONS = {
  config: { type: "string", short: "c" },
  db: { type: "string" },
  since: { type: "string" },
  until: { type: "string" },
  route: { type: "string" },
  verdict: { type: "string" },
  outcome: { type: "string" },
  category: { type: "string" },
  tier: { type: "string" },
  mark: { type: "string" },
  all: { type: "boolean" },
  limit: { type: "string", short: "n" },
  json: { type: "boolean" },
  label: { type: "boolean" },
  "marked-only": { type: "boolean" },
  output: { type: "string", short: "o" },
  note: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>["values"];

function storePath(values: Values): string {
  if (values.db) return values.db;
  const file = values.config ?? "proxy.config.yaml";
  const { config } = loadProxyConfig(file);
  if (!config.events.enabled) throw new UsageError(`events: the event store is off in ${file} (events.enabled: false); pass --db FILE to read a store elsewhere`);
  return config.events.path;
}

function filterFrom(values: Values, extra: { limit?: boolean; passesByDefault?: boolean } = {}): ListQuery {
  try {
    return parseFilterParams({
      since: values.since,
      until: values.until,
      route: values.route,
      verdict: values.verdict,
      outcome: values.outcome,
      category: values.category,
      tier: values.tier,
      mark: values.mark,
      include_passes: values.all || extra.passesByDefault ? "true" : undefined,
      limit: extra.limit ? (values.limit ?? "100") : undefined,
    });
  } catch (error) {
    if (error instanceof z.ZodError) {
      const issue = error.issues[0];
      throw new UsageError(`events: --${String(issue?.path[0] ?? "filter").replace("include_passes", "all")}: ${issue?.message ?? "invalid value"}`);
    }
    throw error;
  }
}

function cut(text: string, width: number): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

export function formatTable(events: readonly StoredEvent[]): string {
  const header = ["TIME", "ID", "ROUTE", "OUTCOME", "CATEGORY", "TIER", "MARK", "EXPLANATION"];
  const rows = events.map((e) => [isoSeconds(e.time), e.id, e.route, e.outcome, e.category, String(e.tier), e.mark ?? "-", cut(e.explanation, 80)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

function formatEvent(e: StoredEvent): string {
  const lines = [
    `event        ${e.id}`,
    `time         ${new Date(e.time).toISOString()}`,
    `route        ${e.route} (${e.mode} mode)`,
    `outcome      ${e.outcome}: verdict ${e.verdict}, category ${e.category}, tier ${e.tier}`,
    `explanation  ${e.explanation}`,
    `attack p.    ${e.attack_probability.toFixed(3)}`,
    `proxy        ${e.action}, status ${e.status}${e.upstream_status !== null ? `, upstream ${e.upstream_status}` : ""}; firewall ${e.eval_ms} ms, head ${e.latency_ms} ms`,
  ];
  if (e.fail_open || e.fail_closed) lines.push(`fail policy  ${e.fail_open ? "open (a tier failed, the request went on)" : "closed (a tier failed, the request was stopped)"}`);
  if (e.mark) lines.push(`mark         ${e.mark}${e.mark_note ? `: ${e.mark_note}` : ""} (${e.marked_at !== null ? new Date(e.marked_at).toISOString() : "?"})`);
  lines.push("trace");
  for (const t of e.trace) lines.push(`  tier ${t.tier} ${t.name.padEnd(10)} ${t.decision.padEnd(9)} ${t.latency_ms.toFixed(2).padStart(9)} ms  ${t.explanation}`);
  if (e.prompt === null) lines.push("prompt       (not stored: events.store_prompts is false)");
  else lines.push(`prompt${e.prompt.length < e.prompt_chars ? ` (first ${e.prompt.length} of ${e.prompt_chars} characters)` : ""}`, e.prompt);
  if (e.answer !== null) lines.push(`answer (start${e.finish_reason ? `; finish reason ${e.finish_reason}` : ""})`, e.answer);
  return lines.join("\n");
}

function open(values: Values): EventStore {
  return EventStore.open(storePath(values), { mustExist: true });
}

const SKIP_REASONS: Record<SkipReason, string> = {
  no_label: "review event(s) without a mark",
  no_prompt: "without a stored prompt",
  unmarked: "unmarked",
  flagged_other_input: "block(s) decided on a tool message or hidden text, not the stored prompt (mark them to export them)",
};

function describeExport(summary: ExportSummary, target: string): string {
  const skipped = (Object.entries(summary.skipped) as Array<[SkipReason, number]>).filter(([, n]) => n > 0).map(([why, n]) => `${n} ${SKIP_REASONS[why]}`);
  return `wrote ${summary.written} training line(s) to ${target} (${summary.attack} attack, ${summary.benign} benign)${
    summary.truncated ? `; ${summary.truncated} prompt(s) are cut at events.prompt_excerpt_chars` : ""
  }${skipped.length ? `; skipped ${skipped.join(", ")}` : ""}`;
}

async function exportEvents(store: EventStore, values: Values, io: CommandIo): Promise<number> {
  const filter = filterFrom(values, { passesByDefault: !values.verdict && !values.outcome });
  const target = values.output ?? "stdout";
  const file = values.output ? createWriteStream(values.output) : undefined;
  const write = (line: string) => (file ? file.write(line) : io.stdout(line));
  let written = 0;
  let summary: ExportSummary | undefined;
  if (values.label) {
    summary = exportTraining(store.iterate(filter), write, { markedOnly: values["marked-only"] ?? false });
  } else {
    if (values["marked-only"]) filter.mark ??= "any";
    for (const event of store.iterate(filter)) {
      write(`${JSON.stringify(event)}\n`);
      written++;
    }
  }
  if (file) {
    await new Promise<void>((resolve, reject) => {
      file.once("error", reject);
      file.end(() => resolve());
    });
  }
  io.stderr(`moat: ${summary ? describeExport(summary, target) : `wrote ${written} event(s) to ${target}`}\n`);
  return 0;
}

export async function run(argv: string[], io: CommandIo = processIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("events", argv, OPTIONS);
  if (values.help) {
    io.stdout(`${HELP}\n`);
    return 0;
  }
  const [sub = "list", ...args] = positionals;
  if (!["list", "show", "export", "mark"].includes(sub)) throw new UsageError(`events: unknown sub-command "${sub}"; expected list, show, export or mark\n\n${HELP}`);
  if (values.label && sub !== "export") throw new UsageError("events: --label applies to export");

  let store: EventStore;
  try {
    store = open(values);
  } catch (error) {
    if (error instanceof EventStoreError) {
      io.stderr(`moat: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  try {
    switch (sub) {
      case "list": {
        if (args.length > 0) throw new UsageError(`events: unexpected argument "${args[0]}"`);
        const page = store.list(filterFrom(values, { limit: true }));
        if (values.json) for (const e of page.events) io.stdout(`${JSON.stringify(e)}\n`);
        else io.stdout(page.events.length > 0 ? `${formatTable(page.events)}\n` : "no events match\n");
        return 0;
      }
      case "show": {
        const id = args[0];
        if (!id || args.length > 1) throw new UsageError("events: show takes one event id");
        const event = store.get(id);
        if (!event) {
          io.stderr(`moat: no event ${id} in ${store.file} (passes are stored only on routes with store_passes; events older than events.retention_days are gone)\n`);
          return 1;
        }
        io.stdout(values.json ? `${JSON.stringify(event)}\n` : `${formatEvent(event)}\n`);
        return 0;
      }
      case "export":
        if (args.length > 0) throw new UsageError(`events: unexpected argument "${args[0]}"`);
        return await exportEvents(store, values, io);
      case "mark": {
        const [id, markArg] = args;
        if (!id || !markArg || args.length > 2) throw new UsageError("events: mark takes an event id and false_positive, missed_attack or clear");
        const mark = markArg === "clear" ? null : markSchema.safeParse(markArg).data;
        if (mark === undefined) throw new UsageError(`events: unknown mark "${markArg}"; expected false_positive, missed_attack or clear`);
        const event = store.mark(id, mark, values.note?.trim() || null);
        if (!event) {
          io.stderr(`moat: no event ${id} in ${store.file}\n`);
          return 1;
        }
        io.stdout(mark ? `${id} marked as ${mark}${event.mark_note ? ` (${event.mark_note})` : ""}\n` : `${id}: mark cleared\n`);
        return 0;
      }
    }
    return 2;
  } finally {
    store.close();
  }
}
