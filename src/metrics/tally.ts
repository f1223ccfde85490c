/**
 * A counter child counted in a plain number on the request path and added to prom-client when the
 * metrics are read. prom-client's child inc() validates and hashes the label set on every call
 * (its children keep the labels, not the series), which showed in the passthrough profile for the
 * two counters every request increments; a scrape now does that once per series instead.
 */
import type { Counter } from "prom-client";

export class TalliedCounter {
  private count = 0;

  constructor(private readonly child: Counter.Internal) {}

  inc(): void {
    this.count++;
  }

  flush(): void {
    if (this.count === 0) return;
    this.child.inc(this.count);
    this.count = 0;
  }
}

/** Tallied counters of one metric, flushed together. */
export class Tallies {
  private readonly all: TalliedCounter[] = [];

  add(child: Counter.Internal): TalliedCounter {
    const tally = new TalliedCounter(child);
    this.all.push(tally);
    return tally;
  }

  flush(): void {
    for (const tally of this.all) tally.flush();
  }
}
