/** A JSON value read from an import file, with where it came from (for ids and messages). */
export interface SourceRecord {
  value: unknown;
  /** "file:line" for JSONL, "file#index" for a JSON array. */
  where: string;
}
