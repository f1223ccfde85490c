/**
 * The ProxyObserver that feeds the event store and the JSONL sink. It counts every evaluated
 * request, keeps flagged ones (and passes on routes with store_passes), and waits for a judge's
 * reason to finish streaming before storing the event, so the stored trace has the whole reason
 * while the request itself never waited for it.
 */
import { whenReasonComplete } from "../firewall/tier3/reasons.js";
import type { TierTrace } from "../firewall/types.js";
import type { ProxyObserver, RequestEvent } from "../proxy/observer.js";
import type { JsonlSink } from "./jsonl-sink.js";
import { isEvaluated, shouldStore, toStoredEvent, type RecordOptions } from "./record.js";
import type { EventWriter } from "./writer.js";

export interface EventSettings extends RecordOptions {
  storePasses(route: string): boolean;
}

export interface EventsObserverOptions {
  writer?: EventWriter;
  jsonl?: JsonlSink;
  /** Read per event, so settings that follow a config reload take effect at once. */
  settings: () => EventSettings;
  /** Longest wait for a judge's reason before the event is stored without the rest of it. */
  reasonWaitMs?: number;
}

function pendingReason(trace: readonly TierTrace[]): Record<string, unknown>[] {
  const pending: Record<string, unknown>[] = [];
  for (const entry of trace) {
    const reason = entry.details?.["reason"];
    if (reason !== null && typeof reason === "object" && (reason as { done?: unknown }).done === false && entry.details) pending.push(entry.details);
  }
  return pending;
}

export function eventsObserver(options: EventsObserverOptions): ProxyObserver {
  const { writer, jsonl } = options;
  /** Events waiting for a reason, with a function that stops the wait (used at shutdown). */
  const waiting = new Map<Promise<void>, () => void>();
  const reasonWaitMs = options.reasonWaitMs ?? 30_000;

  function emit(event: RequestEvent, settings: EventSettings): void {
    const stored = toStoredEvent(event, settings);
    writer?.push(stored);
    jsonl?.write(stored);
  }

  return {
    record(event) {
      if (!isEvaluated(event)) return;
      writer?.count(event.time, event.route, event.outcome);
      const settings = options.settings();
      if (!shouldStore(event, settings.storePasses(event.route))) return;
      const pending = pendingReason(event.result.trace);
      if (pending.length === 0) {
        emit(event, settings);
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      let stopWaiting = (): void => undefined;
      const timeout = new Promise<void>((resolve) => {
        stopWaiting = resolve;
        timer = setTimeout(resolve, reasonWaitMs);
        timer.unref();
      });
      const done: Promise<void> = Promise.race([Promise.all(pending.map((d) => whenReasonComplete(d))).then(() => undefined), timeout])
        .catch(() => undefined)
        .then(() => {
          clearTimeout(timer);
          waiting.delete(done);
          emit(event, settings);
        });
      waiting.set(done, stopWaiting);
    },
    async close() {
      // Shutting down: store what has arrived of each reason rather than wait for the rest.
      for (const stop of waiting.values()) stop();
      await Promise.allSettled([...waiting.keys()]);
    },
  };
}
