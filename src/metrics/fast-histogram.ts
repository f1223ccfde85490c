/**
 * A prom-client Histogram whose children count in arrays of their own. prom-client's child
 * observe() converts, validates and hashes its label set on every call (its children keep the
 * labels, not the series): two histograms observed per request made it the largest item of
 * Moat's own in passthrough's profile. Here a child holds its series, and an observation is a
 * bucket search and three additions; the registry still reads the metric through get() and
 * getForPromString(), which return what prom-client's own Histogram returns for the same
 * observations (test/metrics/fast-histogram.test.ts compares the two).
 *
 * Series of a FastHistogram are observed through child() only; prom-client's own observe(),
 * labels() and startTimer() on it would not be reported.
 */
import { Histogram, type HistogramConfiguration } from "prom-client";

export interface FastChild {
  observe(value: number): void;
}

interface Series {
  labels: Record<string, string>;
  /** Observations per bucket (not cumulative); values above the last bound are only in count. */
  counts: number[];
  sum: number;
  count: number;
  /** Reported: observed since the metric was created or last reset. */
  listed: boolean;
}

interface ExportedValue {
  labels: Record<string, string | number>;
  sharedLabels: Record<string, string>;
  value: number;
  metricName: string;
  exemplar: null | undefined;
}

type Got = Awaited<ReturnType<Histogram["get"]>>;

export class FastHistogram extends Histogram {
  private readonly metricName: string;
  private readonly metricHelp: string;
  private readonly aggregatorName: NonNullable<HistogramConfiguration<string>["aggregator"]>;
  private readonly bounds: readonly number[];
  private readonly seriesLabelNames: readonly string[];
  private readonly byKey = new Map<string, Series>();
  /** Listed series in the order of their first observation, as prom-client reports them. */
  private order: Series[] = [];

  constructor(config: HistogramConfiguration<string> & { buckets: number[]; labelNames: readonly string[] }) {
    super(config);
    this.metricName = config.name;
    this.metricHelp = config.help;
    this.aggregatorName = config.aggregator ?? "sum";
    this.bounds = [...config.buckets];
    this.seriesLabelNames = config.labelNames;
  }

  /** The child for these label values, in labelNames order; make it once and keep it. */
  child(...values: string[]): FastChild {
    if (values.length !== this.seriesLabelNames.length) throw new Error(`${this.metricName}: expected ${this.seriesLabelNames.length} label values, got ${values.length}`);
    const key = values.join("\u0000");
    let series = this.byKey.get(key);
    if (!series) {
      const labels: Record<string, string> = {};
      this.seriesLabelNames.forEach((name, i) => {
        labels[name] = values[i] ?? "";
      });
      series = { labels, counts: this.bounds.map(() => 0), sum: 0, count: 0, listed: false };
      this.byKey.set(key, series);
    }
    const s = series;
    const { bounds } = this;
    const histogram = this;
    return {
      observe(value: number): void {
        if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
        if (!s.listed) {
          s.listed = true;
          histogram.order.push(s);
        }
        for (let i = 0; i < bounds.length; i++) {
          if (value <= (bounds[i] as number)) {
            s.counts[i] = (s.counts[i] as number) + 1;
            break;
          }
        }
        s.sum += value;
        s.count += 1;
      },
    };
  }

  private exported(): ExportedValue[] {
    const bucket = `${this.metricName}_bucket`;
    const values: ExportedValue[] = [];
    for (const s of this.order) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += s.counts[i] as number;
        values.push({ labels: { le: bound }, sharedLabels: s.labels, value: cumulative, metricName: bucket, exemplar: null });
      });
      values.push({ labels: { le: "+Inf" }, sharedLabels: s.labels, value: s.count, metricName: bucket, exemplar: null });
      values.push({ labels: {}, sharedLabels: s.labels, value: s.sum, metricName: `${this.metricName}_sum`, exemplar: undefined });
      values.push({ labels: {}, sharedLabels: s.labels, value: s.count, metricName: `${this.metricName}_count`, exemplar: undefined });
    }
    return values;
  }

  /** What the registry formats for the text exposition (prom-client's Histogram has the same method). */
  async getForPromString(): Promise<{ name: string; help: string; type: "histogram"; values: ExportedValue[]; aggregator: string }> {
    return { name: this.metricName, help: this.metricHelp, type: "histogram", values: this.exported(), aggregator: this.aggregatorName };
  }

  override async get(): Promise<Got> {
    // As prom-client's get(): the series' labels merged into each value's own (after "le").
    const values: Got["values"] = this.exported().map(({ labels, sharedLabels, ...rest }) => {
      const merged: Record<string, string | number> = { ...labels, ...sharedLabels };
      return { ...rest, labels: merged };
    });
    const got = await super.get();
    // The parent's object for its type and fields; the values are this metric's.
    return { ...got, values };
  }

  override reset(): void {
    super.reset();
    // prom-client's constructor calls reset() before this class's fields exist.
    if (!Array.isArray(this.order)) return;
    for (const s of this.order) {
      s.counts.fill(0);
      s.sum = 0;
      s.count = 0;
      s.listed = false;
    }
    this.order = [];
  }
}
