/**
 * Handle-leak checks: the kinds of active resources (sockets, servers, timers) the process holds,
 * compared before and after a scenario once everything it started has been closed.
 */
export type ResourceCounts = Map<string, number>;

export function activeResources(): ResourceCounts {
  const counts: ResourceCounts = new Map();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/** Resource kinds that grew since `before`, as "kind: before -> now". */
export function grownSince(before: ResourceCounts, now: ResourceCounts = activeResources()): string[] {
  const grown: string[] = [];
  for (const [kind, count] of now) {
    const was = before.get(kind) ?? 0;
    if (count > was) grown.push(`${kind}: ${was} -> ${count}`);
  }
  return grown;
}

/**
 * Waits for every resource kind to come back to at most its count in `before`. Closing is
 * asynchronous (sockets close on the next ticks), so this polls; it fails with the list of what
 * is still open after `timeoutMs`.
 */
export async function expectNoLeaks(before: ResourceCounts, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const grown = grownSince(before);
    if (grown.length === 0) return;
    if (Date.now() > deadline) throw new Error(`resources still open after the scenario: ${grown.join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
