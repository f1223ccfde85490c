/**
 * `$PROMPT` and `$CONVERSATION` in an HTTP detector's payload. Substitution happens on the parsed
 * value, in every string leaf (nested objects and arrays too), and the body is serialized
 * afterwards, so any text is JSON-safe. One pass: a prompt that itself contains "$CONVERSATION"
 * is not expanded again.
 */
export interface Variables {
  PROMPT: string;
  CONVERSATION: string;
}

const VARIABLE = /\$(PROMPT|CONVERSATION)\b/g;

export function substituteString(text: string, vars: Variables, encode: (s: string) => string = (s) => s): string {
  return text.replace(VARIABLE, (_m, name: keyof Variables) => encode(vars[name]));
}

export function substitute(value: unknown, vars: Variables): unknown {
  if (typeof value === "string") return substituteString(value, vars);
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)]));
  }
  return value;
}
