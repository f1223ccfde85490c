/** Forwarding a sanitized request changes its messages and nothing else, byte for byte. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { replaceTopLevelMember } from "../../src/proxy/messages-splice.js";

const NEW = JSON.stringify([{ role: "user", content: "clean" }]);

describe("replaceTopLevelMember", () => {
  it("keeps numbers and spellings JSON.parse would change, outside the replaced member", () => {
    const text = '{"model":"m","seed":9223372036854775807,"messages":[{"role":"user","content":"x\\u200b"}],"temperature":1.0,"top_p":1e0,"response_format":{"type":"json_schema","json_schema":{"schema":{"maximum":18446744073709551615}}}}';
    const out = replaceTopLevelMember(text, "messages", NEW);
    expect(out).toBe(text.replace('[{"role":"user","content":"x\\u200b"}]', NEW));
    expect(out).toContain('"seed":9223372036854775807');
    expect(out).toContain('"temperature":1.0,"top_p":1e0');
  });

  it("finds the member wherever it is, with any whitespace, and reads escaped key names", () => {
    expect(replaceTopLevelMember(' {\n  "messages" :\t[1, {"a": "]"}] ,\n "n": 2 }\n', "messages", NEW)).toBe(` {\n  "messages" :\t${NEW} ,\n "n": 2 }\n`);
    expect(replaceTopLevelMember('{"mess\\u0061ges":[1],"x":1}', "messages", NEW)).toBe(`{"mess\\u0061ges":${NEW},"x":1}`);
  });

  it("is not fooled by the name inside strings or nested objects", () => {
    const text = '{"metadata":{"messages":[0]},"note":"\\"messages\\":[]","messages":[2],"tools":[{"messages":3}]}';
    expect(replaceTopLevelMember(text, "messages", NEW)).toBe(text.replace('"messages":[2]', `"messages":${NEW}`));
  });

  it("gives up on a duplicate key, a missing member or a text that is not an object", () => {
    expect(replaceTopLevelMember('{"messages":[1],"messages":[2]}', "messages", NEW)).toBeUndefined();
    expect(replaceTopLevelMember('{"model":"m"}', "messages", NEW)).toBeUndefined();
    expect(replaceTopLevelMember('[{"messages":[1]}]', "messages", NEW)).toBeUndefined();
    expect(replaceTopLevelMember('{"messages":[1', "messages", NEW)).toBeUndefined();
    expect(replaceTopLevelMember("", "messages", NEW)).toBeUndefined();
  });

  it("equals re-serializing with the member replaced, for any object (property)", () => {
    const key = fc.string({ maxLength: 8 }).filter((k) => k !== "messages");
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue(), { maxKeys: 6 }), fc.jsonValue(), fc.nat(), fc.boolean(), (others, original, at, pretty) => {
        const entries = Object.entries(others);
        entries.splice(at % (entries.length + 1), 0, ["messages", original]);
        const body = Object.fromEntries(entries);
        const text = pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body);
        const out = replaceTopLevelMember(text, "messages", NEW);
        expect(out).toBeDefined();
        expect(JSON.parse(out as string)).toEqual({ ...JSON.parse(text), messages: JSON.parse(NEW) });
      }),
      { numRuns: 300 },
    );
  });
});
