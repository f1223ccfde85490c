/**
 * The default log writer gathers lines per event-loop turn, and writes at most once every 5 ms:
 * one stdout write carries every line of the turn (or of the turns within 5 ms), in order, and a
 * large backlog is written at once rather than held.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger, writeToStdout } from "../../src/proxy/logger.js";

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** What is written to stdout from now on, in place of writing it (restored after each test). */
function captureStdout(): string[] {
  const writes: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    writes.push(String(chunk));
    return true;
  });
  return writes;
}

/** Past the 5 ms a write waits after the previous one. */
function afterGap(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("log lines to stdout", () => {
  it("writes the lines of one turn in one write, in order, after the turn", async () => {
    const writes = captureStdout();
    await afterGap();
    const logger = createLogger("info");
    logger.info("first", { n: 1 });
    logger.warn("second", { n: 2 });
    logger.debug("dropped below the level");
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toHaveLength(1);
    const lines = (writes[0] ?? "").trimEnd().split("\n").map((l) => JSON.parse(l) as { msg: string; level: string; n: number });
    expect(lines.map((l) => [l.msg, l.level, l.n])).toEqual([
      ["first", "info", 1],
      ["second", "warn", 2],
    ]);
    logger.error("third");
    await afterGap();
    expect(writes).toHaveLength(2);
    expect(JSON.parse(writes[1] ?? "")).toMatchObject({ msg: "third", level: "error" });
  });

  it("lines of turns that follow a write within 5 ms wait and share the next write", async () => {
    const writes = captureStdout();
    await afterGap();
    const logger = createLogger("info");
    logger.info("one");
    await nextTurn();
    expect(writes).toHaveLength(1);
    logger.info("two");
    await nextTurn();
    logger.info("three");
    await nextTurn();
    expect(writes).toHaveLength(1);
    await afterGap();
    expect(writes).toHaveLength(2);
    expect((writes[1] ?? "").trimEnd().split("\n").map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(["two", "three"]);
  });

  it("writes at once when a turn's lines pass 64 KB, and nothing is lost or repeated", async () => {
    const writes = captureStdout();
    const line = `${"x".repeat(1023)}\n`;
    for (let i = 0; i < 100; i++) writeToStdout(line);
    expect(writes.length).toBeGreaterThanOrEqual(1);
    await nextTurn();
    const all = writes.join("");
    expect(all.length).toBe(100 * 1024);
    expect(all.split("\n").filter(Boolean)).toHaveLength(100);
  });
});
