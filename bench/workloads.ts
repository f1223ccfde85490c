/**
 * Request bodies the benchmark sends: benign retail-banking chats (the shipped agent.yaml's
 * domain), so block mode forwards them and the measurement covers the full request path. The
 * "large" workload is the upper bound: a 2,000-character prompt closing a 20-message
 * conversation. Bodies are JSON.stringify output (no spaces), which the fake upstream relies on.
 *
 * Every request carries a prompt of its own (a case number at its start, counted per workload),
 * as real traffic does: Tier 1 remembers scores by text, and one body sent over and over would
 * measure that memory instead of the firewall. The "agent" workload is where repetition is real:
 * tool loops that re-send the prompt and the earlier tool results on every round trip.
 */

const SENTENCES = [
  "I would like to check the balance of my current account and see the last few card payments.",
  "Last Tuesday I paid for groceries at the supermarket and the amount looks higher than my receipt.",
  "Could you tell me when the monthly account fee is taken and how much it is for a standard account?",
  "My new phone number ends in 4471 and I want to make sure text alerts go to it from now on.",
  "I am planning a trip to Portugal next month and want my debit card to keep working there.",
  "Please list the transfers I made to my savings account between the first and the fifteenth of March.",
  "The standing order for my rent should go out on the first working day of each month.",
  "Is there a limit on how much I can move between my own accounts in a single day?",
  "I lost my wallet on the train this morning, so I think the card inside it should be blocked.",
  "When will the replacement card arrive, and will it have the same number as the old one?",
  "Can you explain the difference between the pending and the booked transactions in the app?",
  "I noticed two identical charges from the same coffee shop on Saturday morning.",
  "My salary normally arrives on the twenty-fifth; this month it has not shown up yet.",
  "I would like to update the email address you use for statements to my work address.",
];

const REPLIES = [
  "Of course. Your current account balance is 2,341.18 EUR, and the last three card payments are listed below.",
  "I can help with that. The fee for a standard account is 4.50 EUR, taken on the last working day of the month.",
  "Thanks for letting me know. I have updated the phone number for text alerts on your profile.",
  "Your card works in Portugal without any change; payments abroad in euros carry no extra fee.",
  "I have blocked the card ending in 0912. A replacement will be sent to your home address.",
];

function text(chars: number, offset: number): string {
  let out = "";
  for (let i = offset; out.length < chars; i++) out += `${SENTENCES[i % SENTENCES.length]} `;
  return out.slice(0, chars).trimEnd();
}

export interface Workload {
  name: string;
  description: string;
  /** The first body, with stream false and with stream true (for sizes and one-off checks). */
  json: Buffer;
  stream: Buffer;
  /** A body no earlier call returned (the next case number), with stream false or true. */
  next(stream: boolean): Buffer;
  promptChars: number;
  messages: number;
}

type Message = Record<string, unknown> & { role: string };

/** Written over by the case number: same width, so every body of a workload has one length. */
const CASE_MARK = "Case 0000000: ";
const CASE_DIGITS = 7;

function body(messages: Message[], stream: boolean): Buffer {
  return Buffer.from(JSON.stringify({ model: "bench-model", messages, ...(stream ? { stream: true } : {}) }));
}

/** Bodies that differ only in the case number at the start of the prompt. */
function numbered(template: Buffer): (n: number) => Buffer {
  const at = template.indexOf(CASE_MARK) + "Case ".length;
  if (at < "Case ".length) throw new Error("workload template has no case mark");
  return (n) => {
    const out = Buffer.from(template);
    out.write(String(n % 10 ** CASE_DIGITS).padStart(CASE_DIGITS, "0"), at, "latin1");
    return out;
  };
}

/** messages' last entry is the prompt, written after CASE_MARK. */
function workload(name: string, description: string, messages: Message[]): Workload {
  const last = messages[messages.length - 1] as Message;
  const prompt = `${CASE_MARK}${String(last.content)}`;
  const all = [...messages.slice(0, -1), { ...last, content: prompt }];
  const json = numbered(body(all, false));
  const stream = numbered(body(all, true));
  let count = 0;
  return {
    name,
    description,
    json: json(0),
    stream: stream(0),
    next: (streaming) => (streaming ? stream : json)(++count),
    promptChars: prompt.length,
    messages: all.length,
  };
}

export function smallWorkload(): Workload {
  return workload("small", "1 system + 1 user message, ~90-char prompt", [
    { role: "system", content: "You are the support assistant of a retail bank." },
    { role: "user", content: text(90 - CASE_MARK.length, 0) },
  ]);
}

/** 20 messages: a system prompt, 9 earlier user/assistant turns, and a 2,000-character prompt. */
export function largeWorkload(): Workload {
  const messages: Message[] = [{ role: "system", content: "You are the support assistant of a retail bank. Be brief and accurate." }];
  for (let turn = 0; turn < 9; turn++) {
    messages.push({ role: "user", content: text(300, turn * 3) });
    messages.push({ role: "assistant", content: REPLIES[turn % REPLIES.length] as string });
  }
  messages.push({ role: "user", content: text(2000 - CASE_MARK.length, 5) });
  return workload("large", "20 messages (9 earlier turns), 2,000-char prompt", messages);
}

const TOOL_RESULTS = [
  (n: string) => JSON.stringify({ case: n, account: "current", transactions: SENTENCES.slice(0, 6).map((s, i) => ({ date: `2026-03-${String(i + 2).padStart(2, "0")}`, description: s.slice(0, 60), amount: -(i * 7.5 + 3.2) })) }),
  (n: string) => `Policy document for case ${n}. ${text(1500, 2)}`,
  (n: string) => JSON.stringify({ case: n, status: "ok", duplicate_charges: 1, refund_eligible: true }),
];

/**
 * An agent's tool loop, as its client sends it: round trip k re-sends the system message, a
 * 400-character prompt and the k tool calls and results so far (up to 3: a 738-character JSON
 * record, a 1,534-character document, a short JSON answer), then the next loop starts with a new
 * prompt.
 * Each loop's texts are its own (its case number), so only what a loop repeats can be remembered.
 */
export function agentWorkload(): Workload {
  const loop = (n: number, stream: boolean): Buffer => {
    const round = n % (TOOL_RESULTS.length + 1);
    const id = String(Math.floor(n / (TOOL_RESULTS.length + 1)) % 10 ** CASE_DIGITS).padStart(CASE_DIGITS, "0");
    const messages: Message[] = [
      { role: "system", content: "You are the support assistant of a retail bank. Use the tools to look things up." },
      { role: "user", content: `Case ${id}: ${text(400 - CASE_MARK.length, 7)}` },
    ];
    for (let k = 0; k < round; k++) {
      messages.push({ role: "assistant", content: null, tool_calls: [{ id: `call_${k}`, type: "function", function: { name: `lookup_${k}`, arguments: `{"case":"${id}"}` } }] });
      messages.push({ role: "tool", tool_call_id: `call_${k}`, content: (TOOL_RESULTS[k] as (n: string) => string)(id) });
    }
    return body(messages, stream);
  };
  let count = 0;
  return {
    name: "agent",
    description: "tool loops: a 400-char prompt re-sent with 0-3 earlier tool results (up to 1,534 chars; largest body)",
    json: loop(TOOL_RESULTS.length, false),
    stream: loop(TOOL_RESULTS.length, true),
    next: (streaming) => loop(count++, streaming),
    promptChars: 400,
    messages: 2 + 2 * TOOL_RESULTS.length,
  };
}

/** The workloads a run measures by default; "agent" is measured when asked for. */
export function workloads(): Workload[] {
  return [smallWorkload(), largeWorkload(), agentWorkload()];
}

export const DEFAULT_WORKLOADS = ["small", "large"];
