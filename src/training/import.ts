/**
 * Reads one `--import FILE[:format]` argument: the file is JSON or JSONL (whatever its name), the
 * format is given or detected from the keys, and the records go through that format's converter.
 */
import { readFile, stat } from "node:fs/promises";
import { convertHumanbound, looksLikeHumanbound } from "./formats/humanbound.js";
import { convertMoatEvents, looksLikeMoatEvent } from "./formats/moat-events.js";
import { convertPlain } from "./formats/plain-jsonl.js";
import { convertPromptfoo } from "./formats/promptfoo.js";
import { convertPyrit } from "./formats/pyrit.js";
import type { SourceRecord } from "./formats/records.js";
import { FORMAT_NAMES, ImportError, type FormatName, type ImportResult } from "./formats/types.js";

const MAX_IMPORT_BYTES = 1024 * 1024 * 1024;

export interface ImportSpec {
  file: string;
  format?: FormatName;
}

/**
 * "logs.jsonl", "results.json:promptfoo", "C:\\logs\\a.json", "C:\\logs\\a.json:pyrit". A suffix
 * after the last colon is a format only when it is a word (a drive letter's colon is followed by
 * a path).
 */
export function parseImportSpec(spec: string): ImportSpec {
  const colon = spec.lastIndexOf(":");
  if (colon > 1 || (colon === 1 && !/^[A-Za-z]:[\\/]/.test(spec))) {
    const suffix = spec.slice(colon + 1);
    if (/^[A-Za-z][A-Za-z0-9_-]*$/.test(suffix)) {
      if (!(FORMAT_NAMES as readonly string[]).includes(suffix)) {
        throw new ImportError(`unknown import format "${suffix}" in "${spec}" (known: ${FORMAT_NAMES.join(", ")})`);
      }
      return { file: spec.slice(0, colon), format: suffix as FormatName };
    }
  }
  return { file: spec };
}

type Parsed = { kind: "document"; value: unknown } | { kind: "lines"; records: SourceRecord[] };

function parseContent(text: string, file: string): Parsed {
  const body = text.replace(/^\uFEFF/, "");
  const trimmed = body.trim();
  if (trimmed === "") throw new ImportError(`${file}: the file is empty`);
  try {
    return { kind: "document", value: JSON.parse(trimmed) };
  } catch {
    // Not one JSON document: read it as JSON lines.
  }
  const records: SourceRecord[] = [];
  const lines = body.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    if (line === "") continue;
    try {
      records.push({ value: JSON.parse(line), where: `${file}:${i + 1}` });
    } catch (error) {
      throw new ImportError(`${file}:${i + 1}: neither one JSON document nor JSON lines (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return { kind: "lines", records };
}

/** The format a record (or a whole document) looks like, from its keys. */
export function detectFormat(value: unknown): FormatName | undefined {
  if (value === null || typeof value !== "object") return undefined;
  if (Array.isArray(value)) return value.length > 0 ? detectFormat(value[0]) : undefined;
  const keys = value as Record<string, unknown>;
  if ("redteaming_data" in keys) return "pyrit";
  if ("evalId" in keys && "results" in keys) return "promptfoo";
  if (looksLikeHumanbound(value)) return "humanbound";
  if (looksLikeMoatEvent(value)) return "moat-events";
  if ("messages" in keys && "label" in keys) return "jsonl";
  return undefined;
}

function asRecords(parsed: Parsed, file: string): SourceRecord[] {
  if (parsed.kind === "lines") return parsed.records;
  if (Array.isArray(parsed.value)) return parsed.value.map((value, i) => ({ value, where: `${file}#${i}` }));
  return [{ value: parsed.value, where: file }];
}

export function importContent(text: string, file: string, format?: FormatName): ImportResult {
  const parsed = parseContent(text, file);
  const first = parsed.kind === "lines" ? parsed.records[0]?.value : parsed.value;
  const detected = format ?? detectFormat(first);
  if (!detected) {
    throw new ImportError(
      `${file}: unrecognised format. Expected a Humanbound log (conversation [{u, a}]), PyRIT output (redteaming_data), ` +
        `a PromptFoo export (evalId + results), JSONL {"messages", "label"} or Moat events; name it with FILE:format (${FORMAT_NAMES.join(", ")})`,
    );
  }
  const skipped: Record<string, number> = {};
  const warnings: string[] = [];
  const single = (what: string): unknown => {
    if (parsed.kind !== "document") throw new ImportError(`${file}: a ${what} file is one JSON object, not JSON lines`);
    return parsed.value;
  };
  let conversations;
  switch (detected) {
    case "pyrit":
      conversations = convertPyrit(single("PyRIT"), file, skipped);
      break;
    case "promptfoo":
      conversations = convertPromptfoo(single("PromptFoo export"), file, skipped, warnings);
      break;
    case "humanbound":
      conversations = convertHumanbound(asRecords(parsed, file), file, skipped);
      break;
    case "moat-events":
      conversations = convertMoatEvents(asRecords(parsed, file), file, skipped, warnings);
      break;
    case "jsonl":
      conversations = convertPlain(asRecords(parsed, file), file, skipped);
      break;
  }
  return { file, format: detected, conversations, skipped, warnings };
}

export async function importFile(spec: string | ImportSpec): Promise<ImportResult> {
  const { file, format } = typeof spec === "string" ? parseImportSpec(spec) : spec;
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw new ImportError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (size > MAX_IMPORT_BYTES) throw new ImportError(`${file}: ${size} bytes is over the import limit of ${MAX_IMPORT_BYTES}`);
  return importContent(await readFile(file, "utf8"), file, format);
}
