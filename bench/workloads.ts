/**
 * Request bodies the benchmark sends: benign retail-banking chats (the shipped agent.yaml's
 * domain), so block mode forwards them and the measurement covers the full request path. The
 * "large" workload is the upper bound: a 2,000-character prompt closing a 20-message
 * conversation. Bodies are JSON.stringify output (no spaces), which the fake upstream relies on.
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
  /** A chat.completions body with stream false, and the same with stream true. */
  json: Buffer;
  stream: Buffer;
  promptChars: number;
  messages: number;
}

function body(messages: { role: string; content: string }[], stream: boolean): Buffer {
  return Buffer.from(JSON.stringify({ model: "bench-model", messages, ...(stream ? { stream: true } : {}) }));
}

function workload(name: string, description: string, messages: { role: string; content: string }[]): Workload {
  const prompt = messages[messages.length - 1]?.content ?? "";
  return { name, description, json: body(messages, false), stream: body(messages, true), promptChars: prompt.length, messages: messages.length };
}

export function smallWorkload(): Workload {
  return workload("small", "1 system + 1 user message, ~90-char prompt", [
    { role: "system", content: "You are the support assistant of a retail bank." },
    { role: "user", content: text(90, 0) },
  ]);
}

/** 20 messages: a system prompt, 9 earlier user/assistant turns, and a 2,000-character prompt. */
export function largeWorkload(): Workload {
  const messages: { role: string; content: string }[] = [{ role: "system", content: "You are the support assistant of a retail bank. Be brief and accurate." }];
  for (let turn = 0; turn < 9; turn++) {
    messages.push({ role: "user", content: text(300, turn * 3) });
    messages.push({ role: "assistant", content: REPLIES[turn % REPLIES.length] as string });
  }
  messages.push({ role: "user", content: text(2000, 5) });
  return workload("large", "20 messages (9 earlier turns), 2,000-char prompt", messages);
}

export function workloads(): Workload[] {
  return [smallWorkload(), largeWorkload()];
}
