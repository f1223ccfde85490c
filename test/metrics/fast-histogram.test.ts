/**
 * FastHistogram must expose exactly what prom-client's Histogram exposes for the same
 * observations: the text format, the JSON, series order, bounds, values past the last bucket,
 * series that were made but never observed, and reset.
 */
import { Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { FastHistogram } from "../../src/metrics/fast-histogram.js";

const BUCKETS = [0.001, 0.005, 0.01, 0.5, 1];

function pair(): { real: Registry; fast: Registry; observe(labels: [string, string], value: number): void; reset(): void } {
  const real = new Registry();
  const fast = new Registry();
  const config = { name: "moat_test_seconds", help: "A test histogram", labelNames: ["route", "mode"] as const, buckets: BUCKETS };
  const h = new Histogram({ ...config, registers: [real] });
  const f = new FastHistogram({ ...config, registers: [fast] });
  const children = new Map<string, { observe(v: number): void }>();
  return {
    real,
    fast,
    observe([route, mode], value) {
      h.labels(route, mode).observe(value);
      const key = `${route}/${mode}`;
      let child = children.get(key);
      if (!child) {
        child = f.child(route, mode);
        children.set(key, child);
      }
      child.observe(value);
    },
    reset() {
      h.reset();
      f.reset();
    },
  };
}

async function expectSame(p: ReturnType<typeof pair>): Promise<void> {
  expect(await p.fast.metrics()).toBe(await p.real.metrics());
  expect(await p.fast.getMetricsAsJSON()).toEqual(await p.real.getMetricsAsJSON());
}

describe("FastHistogram", () => {
  it("reports nothing before the first observation", async () => {
    const p = pair();
    await expectSame(p);
  });

  it("matches prom-client's Histogram: bounds, values past the last bucket, several series in order of first use", async () => {
    const p = pair();
    const values = [0, 0.001, 0.0010001, 0.004, 0.005, 0.2, 0.5, 0.999, 1, 1.5, 120, 0.0003];
    values.forEach((v, i) => p.observe(i % 3 === 0 ? ["b", "passthrough"] : i % 3 === 1 ? ["a", "block"] : ["a", "log"], v));
    for (let i = 0; i < 1000; i++) p.observe(["a", "block"], (i % 97) / 1000);
    await expectSame(p);
  });

  it("a child made but not observed adds no series", async () => {
    const p = pair();
    const lonely = new FastHistogram({ name: "moat_other_seconds", help: "x", labelNames: ["route"], buckets: BUCKETS, registers: [p.fast] });
    lonely.child("never");
    p.observe(["a", "block"], 0.002);
    const text = await p.fast.metrics();
    expect(text).not.toContain('route="never"');
  });

  it("reset empties it like prom-client's, and series come back in their new order", async () => {
    const p = pair();
    p.observe(["a", "block"], 0.002);
    p.observe(["b", "log"], 0.3);
    p.reset();
    await expectSame(p);
    p.observe(["b", "log"], 0.02);
    p.observe(["a", "block"], 2);
    await expectSame(p);
  });

  it("refuses values that are not finite numbers, as prom-client does", () => {
    const f = new FastHistogram({ name: "moat_x_seconds", help: "x", labelNames: ["route"], buckets: BUCKETS, registers: [] });
    const child = f.child("r");
    expect(() => child.observe(Number.NaN)).toThrow(TypeError);
    expect(() => f.child("r", "extra")).toThrow(/label values/);
  });
});
