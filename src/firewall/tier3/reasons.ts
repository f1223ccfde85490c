/**
 * The judge's reasons still streaming in, by the record in a trace entry. Apart from the judge
 * itself so that event recorders can wait for a reason without loading the judge's client.
 */
import type { ReasonRecord } from "./stream.js";

const reasonWaiters = new WeakMap<ReasonRecord, Promise<ReasonRecord>>();

/** Called by the judge when it starts collecting a reason after the verdict. */
export function trackReason(reason: ReasonRecord, complete: Promise<ReasonRecord>): void {
  reasonWaiters.set(reason, complete);
}

/**
 * Resolves when the judge's reason in a trace entry's details has finished arriving (at once
 * when there is none, or it came from the cache already complete). For event recorders that want
 * the reason without delaying the verdict.
 */
export function whenReasonComplete(details: Record<string, unknown> | undefined): Promise<ReasonRecord | undefined> {
  const reason = details?.["reason"];
  if (!isReasonRecord(reason)) return Promise.resolve(undefined);
  return reasonWaiters.get(reason) ?? Promise.resolve(reason);
}

function isReasonRecord(value: unknown): value is ReasonRecord {
  return value !== null && typeof value === "object" && typeof (value as ReasonRecord).text === "string" && typeof (value as ReasonRecord).done === "boolean";
}
