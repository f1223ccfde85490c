import { describe, expect, it } from "vitest";
import { newEventId } from "../../src/proxy/event-id.js";

describe("event ids", () => {
  it("are evt_ + 32 hex digits, unique, and sort by time", () => {
    const ids = Array.from({ length: 2000 }, (_, i) => newEventId(1_700_000_000_000 + i));
    for (const id of ids) expect(id).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(newEventId(0).slice(4, 16)).toBe("000000000000");
  });
});
