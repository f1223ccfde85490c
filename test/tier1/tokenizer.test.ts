import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PrecompiledCharsmap } from "../../src/firewall/tier1/tokenizer/precompiled.js";
import { Tokenizer } from "../../src/firewall/tier1/tokenizer/tokenizer.js";
import { TokenizerConfigError } from "../../src/firewall/tier1/tokenizer/errors.js";
import { buildCharsmap } from "./helpers/darts.js";

const special = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });

describe("WordPiece (BERT layout)", () => {
  const vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "cafe", "is", "open", "!", ",", "un", "##aff", "##able", "中", "文", "##s", ".", "$", "play", "##ing"];
  const json = (maxChars = 100) => ({
    added_tokens: [special(0, "[PAD]"), special(1, "[UNK]"), special(2, "[CLS]"), special(3, "[SEP]"), special(4, "[MASK]")],
    normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: "BertPreTokenizer" },
    model: { type: "WordPiece", unk_token: "[UNK]", continuing_subword_prefix: "##", max_input_chars_per_word: maxChars, vocab: Object.fromEntries(vocab.map((t, i) => [t, i])) },
    post_processor: { type: "BertProcessing", sep: ["[SEP]", 3], cls: ["[CLS]", 2] },
  });
  const tok = Tokenizer.fromJSON(json());

  it("lowercases, strips accents and splits punctuation", () => {
    expect(tok.encode("The Café is OPEN!")).toEqual([5, 6, 7, 8, 9]);
  });
  it("takes the longest piece first and continues with ##", () => {
    expect(tok.encode("unaffable")).toEqual([11, 12, 13]);
    expect(tok.encode("playing")).toEqual([19, 20]);
  });
  it("turns a word with any unknown part into a single [UNK]", () => {
    expect(tok.encode("playzz the")).toEqual([1, 5]);
  });
  it("isolates CJK ideographs and ASCII symbols such as $", () => {
    expect(tok.encode("中文")).toEqual([14, 15]);
    expect(tok.encode("$5,play")).toEqual([18, 1, 10, 19]);
  });
  it("drops control and format characters and treats any Unicode space as a separator", () => {
    expect(tok.encode("un\u00adaffable\u0000")).toEqual([11, 12, 13]);
    expect(tok.encode("open\tthe\u3000cafe")).toEqual([8, 5, 6]);
  });
  it("maps added tokens in the raw text to their ids, but not their lowercase look-alikes", () => {
    expect(tok.encode("the [MASK] is open")).toEqual([5, 4, 7, 8]);
    expect(tok.encode("[mask]")).toEqual([1, 1, 1]);
  });
  it("gives a word longer than max_input_chars_per_word one [UNK]", () => {
    expect(Tokenizer.fromJSON(json(5)).encode("playing the")).toEqual([1, 5]);
  });
  it("wraps a sequence in [CLS] ... [SEP]", () => {
    expect(tok.wrap([5, 6])).toEqual({ ids: [2, 5, 6, 3], typeIds: [0, 0, 0, 0] });
    expect(tok.specialTokenCount).toBe(2);
  });
});

describe("BPE (GPT-2 / RoBERTa byte-level layout)", () => {
  const vocab = ["h", "e", "l", "o", "w", "r", "d", "Ġ", "he", "ll", "hell", "hello", "Ġw", "or", "Ġwor", "Ġworl", "Ġworld", "!", "Ã", "©", "Ã©", "<s>", "</s>"];
  const merges = ["h e", "l l", "he ll", "hell o", "Ġ w", "o r", "Ġw or", "Ġwor l", "Ġworl d", "Ã ©"];
  const json = (addPrefixSpace: boolean) => ({
    added_tokens: [special(21, "<s>"), special(22, "</s>")],
    normalizer: null,
    pre_tokenizer: { type: "ByteLevel", add_prefix_space: addPrefixSpace, trim_offsets: true, use_regex: true },
    model: { type: "BPE", vocab: Object.fromEntries(vocab.map((t, i) => [t, i])), merges, unk_token: null, fuse_unk: false, byte_fallback: false },
    post_processor: { type: "RobertaProcessing", sep: ["</s>", 22], cls: ["<s>", 21], trim_offsets: true, add_prefix_space: false },
  });

  it("splits with the GPT-2 pattern, maps bytes to characters and merges by rank", () => {
    expect(Tokenizer.fromJSON(json(false)).encode("hello world!")).toEqual([11, 16, 17]);
  });
  it("adds a prefix space when asked", () => {
    expect(Tokenizer.fromJSON(json(true)).encode("hello")).toEqual([7, 11]);
  });
  it("encodes non-ASCII text as UTF-8 bytes (é = C3 A9 = Ã©)", () => {
    expect(Tokenizer.fromJSON(json(false)).encode("é")).toEqual([20]);
  });
  it("drops characters it cannot encode when the model has no unknown token", () => {
    expect(Tokenizer.fromJSON(json(false)).encode("hez")).toEqual([8]);
  });
  it("wraps in <s> ... </s>", () => {
    expect(Tokenizer.fromJSON(json(false)).wrap([11])).toEqual({ ids: [21, 11, 22], typeIds: [0, 0, 0] });
  });

  const small = (merges: unknown[], extra: Record<string, unknown> = {}) =>
    Tokenizer.fromJSON({
      pre_tokenizer: { type: "WhitespaceSplit" },
      model: { type: "BPE", vocab: { a: 0, b: 1, ab: 2, aa: 3, "<unk>": 4, "<0xC3>": 5, "<0xA9>": 6 }, merges, ...extra },
    });
  it("applies the lowest-ranked merge first, in either merges format", () => {
    expect(small(["a b", "a a"]).encode("aab")).toEqual([0, 2]);
    expect(small([["a", "a"], ["a", "b"]]).encode("aab")).toEqual([3, 1]);
  });
  it("merges left to right among equal ranks and re-queues pairs formed by a merge", () => {
    const runs = Tokenizer.fromJSON({ pre_tokenizer: { type: "WhitespaceSplit" }, model: { type: "BPE", vocab: { a: 0, aa: 1, aaaa: 2 }, merges: ["a a", "aa aa"] } });
    expect(runs.encode("aaa")).toEqual([1, 0]);
    expect(runs.encode("aaaa")).toEqual([2]);
    expect(runs.encode("aaaaaaaaa")).toEqual([2, 2, 0]);
  });
  it("fuses unknown characters into one unknown token only when fuse_unk is set", () => {
    expect(small([], { unk_token: "<unk>", fuse_unk: true }).encode("axyb")).toEqual([0, 4, 1]);
    expect(small([], { unk_token: "<unk>", fuse_unk: false }).encode("axyb")).toEqual([0, 4, 4, 1]);
  });
  it("falls back to byte tokens when byte_fallback is set", () => {
    expect(small([], { unk_token: "<unk>", byte_fallback: true }).encode("aé")).toEqual([0, 5, 6]);
  });
  it("rejects a merge whose result is not in the vocabulary", () => {
    expect(() => small(["b b"])).toThrow(TokenizerConfigError);
    expect(() => small(["b b"])).toThrow(/model\.merges\[0\]/);
  });
});

describe("Unigram (DeBERTa-v3 / mDeBERTa layout)", () => {
  const charsmap = buildCharsmap({ "Ａ": "A", "ﬁ": "fi", "\u00a0": " ", "e\u0301": "é" });
  const pieces: Array<[string, number]> = [
    ["[PAD]", 0], ["[CLS]", 0], ["[SEP]", 0], ["[UNK]", 0], ["▁", -2], ["▁A", -3], ["▁a", -2.5], ["b", -2], ["▁ab", -4], ["a", -3],
    ["▁fi", -3], ["n", -2.5], ["e", -2], ["é", -3.5], ["▁caf", -4], ["▁café", -6], ["<0xC3>", -8], ["<0xA9>", -8],
  ];
  const json = (options: { scheme?: string; byteFallback?: boolean } = {}) => ({
    added_tokens: [special(0, "[PAD]"), special(1, "[CLS]"), special(2, "[SEP]"), special(3, "[UNK]")],
    normalizer: {
      type: "Sequence",
      normalizers: [
        { type: "Strip", strip_left: true, strip_right: true },
        { type: "Precompiled", precompiled_charsmap: charsmap },
        { type: "Replace", pattern: { Regex: " {2,}" }, content: " " },
      ],
    },
    pre_tokenizer: { type: "Sequence", pretokenizers: [{ type: "Metaspace", replacement: "▁", prepend_scheme: options.scheme ?? "always", split: true }] },
    model: { type: "Unigram", unk_id: 3, byte_fallback: options.byteFallback ?? false, vocab: pieces },
    post_processor: {
      type: "TemplateProcessing",
      single: [{ SpecialToken: { id: "[CLS]", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "[SEP]", type_id: 0 } }],
      special_tokens: { "[CLS]": { id: "[CLS]", ids: [1], tokens: ["[CLS]"] }, "[SEP]": { id: "[SEP]", ids: [2], tokens: ["[SEP]"] } },
    },
  });
  const tok = Tokenizer.fromJSON(json());

  it("picks the segmentation with the highest total score (Viterbi)", () => {
    // ▁ab = -4 beats ▁a + b = -4.5 and ▁ + a + b = -7.
    expect(tok.encode("ab")).toEqual([8]);
    const cheaper = pieces.map(([p, s]): [string, number] => [p, p === "▁ab" ? -5 : s]);
    expect(Tokenizer.fromJSON({ ...json(), model: { type: "Unigram", unk_id: 3, vocab: cheaper } }).encode("ab")).toEqual([6, 7]);
  });
  it("applies the precompiled charsmap (fullwidth letters, ligatures, NBSP, combining accents)", () => {
    expect(tok.encode("Ａb")).toEqual([5, 7]);
    expect(tok.encode("ﬁn")).toEqual([10, 11]);
    expect(tok.encode("cafe\u0301")).toEqual([15]);
  });
  it("strips, collapses runs of spaces and starts every word with ▁", () => {
    expect(tok.encode("  ab\u00a0\u00a0ab  ")).toEqual([8, 8]);
  });
  it("fuses uncovered characters into one [UNK]", () => {
    expect(tok.encode("xyz")).toEqual([4, 3]);
  });
  it("falls back to byte pieces for uncovered characters when byte_fallback is set", () => {
    expect(Tokenizer.fromJSON(json({ byteFallback: true })).encode("ü")).toEqual([4, 3]);
    expect(Tokenizer.fromJSON(json({ byteFallback: true })).encode("é")).toEqual([4, 13]);
    const noE = pieces.filter(([p]) => p !== "é");
    expect(Tokenizer.fromJSON({ ...json(), model: { type: "Unigram", unk_id: 3, byte_fallback: true, vocab: noE } }).encode("é")).toEqual([4, 15, 16]);
  });
  it("treats added tokens as boundaries, prefixing each text chunk", () => {
    expect(tok.encode("ab[SEP]ab")).toEqual([8, 2, 8]);
  });
  it("does not prefix ▁ when prepend_scheme is never", () => {
    expect(Tokenizer.fromJSON(json({ scheme: "never" })).encode("ab")).toEqual([9, 7]);
  });
  it("wraps with the template", () => {
    expect(tok.wrap([8])).toEqual({ ids: [1, 8, 2], typeIds: [0, 0, 0] });
  });
});

describe("tokenizer.json errors", () => {
  it("names the path and the supported types for an unknown component", () => {
    const bad = { normalizer: { type: "Sequence", normalizers: [{ type: "Nmt" }] }, model: { type: "WordPiece", vocab: { "[UNK]": 0 } } };
    expect(() => Tokenizer.fromJSON(bad)).toThrow(/normalizer\.normalizers\[0\]: normalizer type "Nmt" is not supported/);
  });
  it("rejects a model section without a vocabulary", () => {
    expect(() => Tokenizer.fromJSON({ model: { type: "Unigram" } })).toThrow(/model\.vocab/);
  });
  it("rejects a WordPiece whose unknown token is missing", () => {
    expect(() => Tokenizer.fromJSON({ model: { type: "WordPiece", vocab: { a: 0 } } })).toThrow(/unk_token.*not in the vocabulary/);
  });
  it("rejects a malformed charsmap", () => {
    const bad = { normalizer: { type: "Precompiled", precompiled_charsmap: Buffer.from([255, 255, 0, 0, 1]).toString("base64") }, model: { type: "WordPiece", vocab: { "[UNK]": 0 } } };
    expect(() => Tokenizer.fromJSON(bad)).toThrow(/precompiled_charsmap is malformed/);
  });
});

describe("Precompiled charsmap", () => {
  const map: Record<string, string> = { "Ａ": "A", "ﬁ": "fi", "\u00a0": " ", "e\u0301": "é", "\t": " ", "\r\n": "\n", "👍🏽": "[thumb]", "x": "" };
  const charsmap = PrecompiledCharsmap.fromBase64(buildCharsmap(map), "test");
  const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
  const utf8 = new TextEncoder();
  /** The Rust library's rule, written plainly: per grapheme (under 6 bytes) the shortest key prefix, else per character. */
  const lookup = (chunk: string): string | undefined => {
    for (let k = 1; k <= chunk.length; k++) if (Object.hasOwn(map, chunk.slice(0, k))) return map[chunk.slice(0, k)];
    return undefined;
  };
  const reference = (text: string): string =>
    [...segmenter.segment(text)]
      .map(({ segment }) => {
        const whole = utf8.encode(segment).length < 6 ? lookup(segment) : undefined;
        return whole ?? [...segment].map((c) => lookup(c) ?? c).join("");
      })
      .join("");

  it("maps graphemes, falls back to characters, and leaves the rest", () => {
    expect(charsmap.normalize("caf e\u0301 Ａ\tﬁx\r\n")).toBe("caf é A fi\n");
    // 8 UTF-8 bytes: the whole grapheme is not tried, so the emoji stays.
    expect(charsmap.normalize("👍🏽")).toBe("👍🏽");
  });

  it("gives the same result as segmenting the whole text, on any mix of ASCII and non-ASCII", () => {
    const alphabet = fc.constantFrom("a", "e", "x", " ", "\t", "\r", "\n", "\u0301", "Ａ", "ﬁ", "\u00a0", "👍", "🏽", "\u200d", "é", "\u0600");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), (chars) => {
        const text = chars.join("");
        expect(charsmap.normalize(text)).toBe(reference(text));
      }),
      { numRuns: 500 },
    );
  });
});
