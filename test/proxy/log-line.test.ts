/**
 * logLine writes the fields one by one for speed; the text must stay exactly what
 * JSON.stringify({ time, level, msg, ...fields }) gives, for every kind of value.
 */
import { describe, expect, it } from "vitest";
import { isoTime, logLine } from "../../src/proxy/logger.js";

function reference(level: string, msg: string, time: string, fields?: Record<string, unknown>): string {
  return JSON.stringify({ time, level, msg, ...fields });
}

function timeOf(line: string): string {
  return (JSON.parse(line) as { time: string }).time;
}

describe("logLine", () => {
  const cases: [string, Record<string, unknown> | undefined][] = [
    ["no fields", undefined],
    ["empty", {}],
    [
      "a request line",
      { event_id: undefined, route: "support", mode: "passthrough", method: "POST", path: "/v1/chat/completions", status: 200, upstream_status: 200, latency_ms: 0.521, eval_ms: undefined, stream: false, error: undefined },
    ],
    ["strings that need escaping", { path: '/v1/"quoted"\\back\nline\u2028\u0001', error: "emoji \u{1F600} and lone \ud800" }],
    ["numbers", { a: 0, b: -0, c: 1e21, d: Number.NaN, e: Number.POSITIVE_INFINITY, f: -1.5e-7 }],
    ["nested values", { list: [1, "two", undefined, null], obj: { x: 1, y: undefined }, when: new Date(0), nil: null }],
    ["values JSON leaves out", { fn: () => 1, sym: Symbol("s"), undef: undefined, kept: true }],
    ["keys that need escaping", { 'we"ird': 1, "new\nline": 2 }],
    ["a field named like a fixed one", { msg: "overridden", level: "x", extra: 1 }],
    ["integer-like keys", { b: 1, 2: "two", 1: "one" }],
  ];
  for (const [name, fields] of cases) {
    it(`matches JSON.stringify: ${name}`, () => {
      const line = logLine("info", 'hello "world"', fields);
      expect(line).toBe(reference("info", 'hello "world"', timeOf(line), fields));
    });
  }

  it("leaves out inherited fields, as a spread does", () => {
    const fields = Object.create({ inherited: 1 }) as Record<string, unknown>;
    fields.own = 2;
    const line = logLine("warn", "m", fields);
    expect(line).toBe(reference("warn", "m", timeOf(line), fields));
    expect(line).not.toContain("inherited");
  });

  it("stamps the current time", () => {
    const before = Date.now();
    const time = Date.parse(timeOf(logLine("info", "m")));
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(Date.now());
  });
});

describe("isoTime", () => {
  it("is toISOString, across seconds, minutes, days and years", () => {
    const starts = [0, Date.UTC(2026, 10, 23, 7, 15, 59, 990), Date.UTC(2024, 1, 29, 23, 59, 58, 0), Date.UTC(1999, 11, 31, 23, 59, 59, 500), Date.now()];
    for (const start of starts) {
      for (let ms = start; ms < start + 2500; ms += 7) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
    // Out of order, as the cache must not assume time only moves forward.
    for (const ms of [Date.UTC(2030, 0, 1), 5, Date.UTC(2030, 0, 1) + 61_001, 5]) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });
});
