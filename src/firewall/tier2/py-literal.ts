/**
 * A parser for the small subset of Python literals that .npy headers use (dicts, tuples, lists,
 * strings, integers, True/False/None). numpy itself reads headers with ast.literal_eval; this is
 * the same idea without an evaluator: anything outside the subset is an error.
 */
export type PyValue = string | number | boolean | null | PyValue[] | Map<string, PyValue>;

const MAX_DEPTH = 16;

export function parsePythonLiteral(text: string): PyValue {
  let pos = 0;

  const fail = (what: string): never => {
    throw new Error(`${what} at offset ${pos}`);
  };
  const skipSpace = (): void => {
    while (pos < text.length && /\s/.test(text[pos] ?? "")) pos++;
  };
  const peek = (): string => text[pos] ?? "";

  const parseString = (): string => {
    const quote = text[pos++];
    let out = "";
    while (pos < text.length) {
      const ch = text[pos++] ?? "";
      if (ch === quote) return out;
      if (ch === "\\") {
        const next = text[pos++] ?? "";
        const escapes: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"' };
        const mapped = escapes[next];
        if (mapped === undefined) fail(`unsupported escape \\${next}`);
        out += mapped;
      } else {
        out += ch;
      }
    }
    return fail("unterminated string");
  };

  const parseSequence = (close: string, depth: number): PyValue[] => {
    pos++;
    const items: PyValue[] = [];
    skipSpace();
    while (peek() !== close) {
      items.push(parseValue(depth + 1));
      skipSpace();
      if (peek() === ",") {
        pos++;
        skipSpace();
      } else if (peek() !== close) {
        fail(`expected ',' or '${close}'`);
      }
    }
    pos++;
    return items;
  };

  const parseDict = (depth: number): Map<string, PyValue> => {
    pos++;
    const map = new Map<string, PyValue>();
    skipSpace();
    while (peek() !== "}") {
      if (peek() !== "'" && peek() !== '"') fail("dictionary keys must be strings");
      const key = parseString();
      if (map.has(key)) fail(`duplicate key '${key}'`);
      skipSpace();
      if (peek() !== ":") fail("expected ':'");
      pos++;
      map.set(key, parseValue(depth + 1));
      skipSpace();
      if (peek() === ",") {
        pos++;
        skipSpace();
      } else if (peek() !== "}") {
        fail("expected ',' or '}'");
      }
    }
    pos++;
    return map;
  };

  const parseValue = (depth: number): PyValue => {
    if (depth > MAX_DEPTH) fail("nesting too deep");
    skipSpace();
    const ch = peek();
    if (ch === "{") return parseDict(depth);
    if (ch === "(") return parseSequence(")", depth);
    if (ch === "[") return parseSequence("]", depth);
    if (ch === "'" || ch === '"') return parseString();
    const word = /^(True|False|None|-?\d+L?)/.exec(text.slice(pos));
    if (!word) return fail("unexpected input");
    pos += word[0].length;
    if (word[0] === "True") return true;
    if (word[0] === "False") return false;
    if (word[0] === "None") return null;
    return Number.parseInt(word[0], 10);
  };

  const value = parseValue(0);
  skipSpace();
  if (pos !== text.length) fail("trailing input");
  return value;
}
