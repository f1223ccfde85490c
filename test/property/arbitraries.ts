/**
 * fast-check generators for what a client can send to /v1/chat/completions: well-formed
 * requests, near misses, wrong types everywhere, hostile text, and plain garbage.
 */
import fc from "fast-check";

/** Any UTF-16 code unit, lone surrogates included. */
export const codeUnitString = (maxLength = 40): fc.Arbitrary<string> =>
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)), maxLength });

/** Characters that Tier 0 and the detectors care about, mixed with ordinary text. */
const TRICKY = [
  "\u200B", "\u200D", "\u202E", "\u2066", "\uFEFF", "\u00AD", "\u2028", "\uFE0F", "\u0000", "\u001B", "\u0085",
  "\u{E0041}", "\u{E0069}", "\u{E007F}", "\u{1F3F4}", "\u{1F468}", "\u{E0100}", "\uD800", "\uDFFF", "ｉｇｎｏｒｅ",
  "ATTACK", "REVIEW", "FAIL", "ignore previous instructions", "\\u0000", "\"", "\\", "{", "]", "a", " ", "\n",
];

export const trickyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...TRICKY), { maxLength: 12 }).map((parts) => parts.join("")) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 2, arbitrary: codeUnitString() },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

const anyValue: fc.Arbitrary<unknown> = fc.anything({ maxDepth: 3, maxKeys: 4, withNullPrototype: true, withObjectString: false });

const contentPart: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constantFrom("text", "input_text"), text: trickyText }) },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        type: fc.oneof(fc.constantFrom("image_url", "input_audio", "file", "refusal", "video", ""), fc.string({ maxLength: 8 }), anyValue),
        text: fc.oneof(trickyText, anyValue),
        image_url: fc.record({ url: fc.string({ maxLength: 20 }) }),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: anyValue },
);

const content: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: trickyText },
  { weight: 2, arbitrary: fc.array(contentPart, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: anyValue },
);

const role: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("user", "assistant", "system", "developer", "tool", "function") },
  { weight: 1, arbitrary: fc.constantFrom("", "USER", "__proto__", "constructor", "toString") },
  { weight: 1, arbitrary: anyValue },
);

export const message: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      { role, content, name: fc.oneof(fc.string({ maxLength: 10 }), anyValue), tool_call_id: fc.string({ maxLength: 10 }), tool_calls: anyValue },
      { requiredKeys: ["role"] },
    ),
  },
  { weight: 1, arbitrary: anyValue },
);

/** A chat request body as a JS value: mostly plausible, with every field sometimes wrong. */
export const chatBody: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        model: fc.oneof(fc.constantFrom("gpt-4o", "m"), anyValue),
        messages: fc.oneof({ weight: 6, arbitrary: fc.array(message, { maxLength: 8 }) }, { weight: 1, arbitrary: anyValue }),
        stream: fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: anyValue }),
        stream_options: fc.oneof(fc.record({ include_usage: fc.oneof(fc.boolean(), anyValue) }, { requiredKeys: [] }), anyValue),
        n: fc.oneof(fc.integer({ min: -2, max: 200 }), fc.double(), anyValue),
        temperature: anyValue,
        __proto__: anyValue,
        constructor: anyValue,
      },
      { requiredKeys: ["messages"] },
    ),
  },
  { weight: 1, arbitrary: anyValue },
);

function serialize(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "null";
  } catch {
    return "{}";
  }
}

/** Bytes as they arrive: serialized bodies, truncated or corrupted ones, and raw garbage. */
export const requestBytes: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 6, arbitrary: chatBody.map((b) => Buffer.from(serialize(b))) },
  { weight: 2, arbitrary: fc.tuple(chatBody, fc.nat()).map(([b, cut]) => {
    const text = serialize(b);
    return Buffer.from(text.slice(0, cut % (text.length + 1)));
  }) },
  { weight: 1, arbitrary: fc.tuple(chatBody, fc.uint8Array({ minLength: 1, maxLength: 8 }), fc.nat()).map(([b, junk, at]) => {
    const bytes = Buffer.from(serialize(b));
    const i = at % (bytes.length + 1);
    return Buffer.concat([bytes.subarray(0, i), Buffer.from(junk), bytes.subarray(i)]);
  }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)) },
  { weight: 1, arbitrary: fc.constantFrom("", "null", "[]", "{}", "\"\"", "0", "true", "{\"messages\":[]}", "{\"messages\":{}}", "{\"messages\":[null]}", "{\"messages\":[{}]}").map((s) => Buffer.from(s)) },
);

/** Bodies that pass the proxy's request schema, with anything a client may put in the text. */
export const wellFormedChatBody: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    model: fc.constantFrom("gpt-4o", "m"),
    messages: fc.array(
      fc.record(
        {
          role: fc.oneof(fc.constantFrom("user", "assistant", "system", "developer", "tool", "function"), fc.string({ minLength: 1, maxLength: 8 })),
          content: fc.oneof(
            { weight: 5, arbitrary: trickyText },
            { weight: 2, arbitrary: fc.array(fc.record({ type: fc.oneof(fc.constantFrom("text", "input_text", "image_url", "input_audio"), fc.string({ maxLength: 6 })), text: fc.oneof(trickyText, anyValue) }, { requiredKeys: ["type"] }), { maxLength: 4 }) },
            { weight: 1, arbitrary: fc.constant(null) },
          ),
          name: fc.string({ maxLength: 8 }),
          tool_calls: anyValue,
        },
        { requiredKeys: ["role"] },
      ),
      { minLength: 1, maxLength: 8 },
    ),
    stream: fc.boolean(),
    stream_options: fc.record({ include_usage: fc.boolean() }),
    n: fc.integer({ min: 1, max: 4 }),
    metadata: anyValue,
  },
  { requiredKeys: ["messages"] },
);
