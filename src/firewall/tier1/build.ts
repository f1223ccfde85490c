/**
 * Builds Tier 1 from agent.yaml (`tier1:`) and the Firewall options (`attackDetectors`,
 * `consensus`, as in the Humanbound library). With no detector configured, the built-in model
 * runs alone. Every detector is loaded at start-up, so a missing model folder or a bad API
 * config stops the process with the file, the key and what is wrong.
 */
import { isAbsolute, resolve } from "node:path";
import type { LoadedAgentConfig } from "../config/agent.js";
import { expandEnvDeep, MissingEnvError } from "../config/env.js";
import { ConfigError } from "../config/errors.js";
import { DEFAULT_BUILTIN_DETECTOR, loadBuiltinDetector, type BuiltinDetector } from "./builtin/index.js";
import { BuiltinAdapter } from "./builtin-adapter.js";
import { detectorConfigSchema, type DetectorConfig, type DetectorConfigInput, type Tier1Config } from "./config.js";
import type { Detector, Source, Thresholds } from "./detector.js";
import { HttpDetector } from "./http/detector.js";
import { DEFAULT_SCORE_CACHE_ENTRIES, withScoreCache } from "./score-cache.js";
import { Tier1 } from "./tier.js";

/** A detector in the Firewall options: a config object like agent.yaml's, or a ready Detector. */
export type AttackDetectorOption = DetectorConfigInput | Detector;

export interface Tier1BuildOptions {
  /** Replaces agent.yaml's `tier1.detectors`. */
  attackDetectors?: readonly AttackDetectorOption[];
  /** Replaces agent.yaml's `tier1.consensus`. */
  consensus?: number;
  /** Environment for `${VAR}` in detector options given in code; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface BuiltTier1 {
  tier?: Tier1;
  notice: string;
}

/** Used for ONNX and API detectors when neither they nor the tier set thresholds and the built-in model is unavailable. */
export const FALLBACK_THRESHOLDS: Thresholds = { blockAt: 0.9, passBelow: 0.1 };
const HTTP_DEFAULT_BLOCK_AT = 0.5;
const SOURCES: readonly Source[] = ["prompt", "tool"];

function isDetector(value: AttackDetectorOption): value is Detector {
  return typeof (value as { score?: unknown }).score === "function" && typeof (value as { thresholds?: unknown }).thresholds === "function";
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface Entry {
  at: string;
  file: string;
  spec: DetectorConfig | Detector;
}

/** Detector specs with where they came from, for error messages. */
function entries(agent: LoadedAgentConfig, config: Tier1Config | undefined, options: Tier1BuildOptions): Entry[] {
  if (options.attackDetectors && options.attackDetectors.length > 0) {
    const file = "(Firewall options)";
    const problems: string[] = [];
    const out: Entry[] = [];
    options.attackDetectors.forEach((raw, i) => {
      const at = `attackDetectors[${i}]`;
      if (isDetector(raw)) {
        out.push({ at, file, spec: raw });
        return;
      }
      let expanded: unknown;
      try {
        expanded = expandEnvDeep(raw, at, options.env ?? process.env);
      } catch (error) {
        if (error instanceof MissingEnvError) {
          problems.push(error.message);
          return;
        }
        throw error;
      }
      const parsed = detectorConfigSchema.safeParse(expanded);
      if (parsed.success) out.push({ at, file, spec: parsed.data });
      else problems.push(...parsed.error.issues.map((issue) => `${[at, ...issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))].join("")}: ${issue.message}`));
    });
    if (problems.length > 0) throw new ConfigError(file, problems);
    return out;
  }
  const detectors = config?.detectors ?? [];
  if (detectors.length === 0) return [{ at: "tier1.detectors (default)", file: agent.file, spec: { builtin: DEFAULT_BUILTIN_DETECTOR } }];
  return detectors.map((spec, i) => ({ at: `tier1.detectors[${i}]`, file: agent.file, spec }));
}

class ThresholdResolver {
  private recommended: BuiltinDetector | null | undefined;

  constructor(private readonly tier: Tier1Config | undefined) {}

  /** The built-in model's recommended thresholds, or the fallback when it is not shipped. */
  private builtinDefault(source: Source): Thresholds {
    if (this.recommended === undefined) {
      try {
        this.recommended = loadBuiltinDetector(DEFAULT_BUILTIN_DETECTOR);
      } catch {
        this.recommended = null;
      }
    }
    return this.recommended ? this.recommended.thresholds[source] : FALLBACK_THRESHOLDS;
  }

  resolve(spec: DetectorConfig, defaults: (source: Source) => Thresholds, at: string, file: string): Record<Source, Thresholds> {
    const out = {} as Record<Source, Thresholds>;
    for (const source of SOURCES) {
      const d = defaults(source);
      const blockAt = spec.block_at ?? ("threshold" in spec ? spec.threshold : undefined) ?? this.tier?.block_at ?? d.blockAt;
      const passBelow = spec.pass_below ?? this.tier?.pass_below ?? Math.min(d.passBelow, blockAt);
      if (passBelow > blockAt) throw new ConfigError(file, [`${at}: pass_below ${passBelow} is above block_at ${blockAt} for ${source} content`]);
      out[source] = { blockAt, passBelow };
    }
    return out;
  }

  forBuiltin(model: BuiltinDetector): (source: Source) => Thresholds {
    return (source) => model.thresholds[source];
  }

  forModel(): (source: Source) => Thresholds {
    return (source) => this.builtinDefault(source);
  }

  forHttp(spec: DetectorConfig): (source: Source) => Thresholds {
    // A yes/no API has no band of its own: below its threshold counts as its "no".
    return () => {
      const blockAt = ("threshold" in spec ? spec.threshold : undefined) ?? spec.block_at ?? this.tier?.block_at ?? HTTP_DEFAULT_BLOCK_AT;
      return { blockAt, passBelow: blockAt };
    };
  }
}

/** Built-in and ONNX scores depend on the text alone, so they are cached; an API's may not. */
function cached(detector: Detector, entries: number): Detector {
  return entries > 0 ? withScoreCache(detector, entries) : detector;
}

async function createDetector(entry: Entry, agent: LoadedAgentConfig, thresholds: ThresholdResolver, cacheEntries: number): Promise<Detector> {
  const { spec, at, file } = entry;
  if (isDetector(spec)) return spec;
  if ("builtin" in spec) {
    const model = loadBuiltinDetector(spec.builtin);
    return cached(new BuiltinAdapter(model, thresholds.resolve(spec, thresholds.forBuiltin(model), at, file), spec.name ?? `builtin:${model.name}`, spec.scan, spec.join_turns ?? true), cacheEntries);
  }
  if ("model" in spec) {
    const dir = isAbsolute(spec.model) ? spec.model : resolve(agent.baseDir, spec.model);
    // onnxruntime-node costs ~15 MB of memory once loaded: only deployments with a model pay it.
    const { OnnxDetector } = await import("./onnx/detector.js");
    const onnx = await OnnxDetector.load({
      dir,
      ...(spec.name ? { name: spec.name } : {}),
      ...(spec.attack_label ? { attackLabel: spec.attack_label } : {}),
      maxLength: spec.max_length,
      ...(spec.stride !== undefined ? { stride: spec.stride } : {}),
      threads: spec.threads,
      thresholds: thresholds.resolve(spec, thresholds.forModel(), at, file),
      ...(spec.scan ? { scan: spec.scan } : {}),
      timeoutMs: spec.timeout_ms ?? 10_000,
    });
    return cached(spec.join_turns ? delegate(onnx, { joinsTurns: true }) : onnx, cacheEntries);
  }
  const http = new HttpDetector({ config: spec, thresholds: thresholds.resolve(spec, thresholds.forHttp(spec), at, file) });
  return spec.join_turns ? delegate(http, { joinsTurns: true }) : http;
}

/** A detector with some properties replaced, delegating everything else. */
function delegate(d: Detector, changes: { name?: string; joinsTurns?: boolean }): Detector {
  return {
    name: changes.name ?? d.name,
    kind: d.kind,
    scan: d.scan,
    timeoutMs: d.timeoutMs,
    synchronous: d.synchronous,
    joinsTurns: changes.joinsTurns ?? d.joinsTurns,
    thresholds: (source) => d.thresholds(source),
    score: (input, context, signal) => d.score(input, context, signal),
    close: async () => d.close?.(),
  };
}

/** Distinct names, so traces and metrics can tell two detectors of the same kind apart. */
function uniqueNames(detectors: Detector[]): Detector[] {
  const seen = new Map<string, number>();
  return detectors.map((d) => {
    const n = (seen.get(d.name) ?? 0) + 1;
    seen.set(d.name, n);
    return n === 1 ? d : delegate(d, { name: `${d.name}#${n}` });
  });
}

function describeDetector(d: Detector): string {
  const t = d.thresholds("prompt");
  const fmt = (v: number): string => String(Math.round(v * 1000) / 1000);
  return `${d.name} (block ≥ ${fmt(t.blockAt)}, pass < ${fmt(t.passBelow)})`;
}

export async function buildTier1(agent: LoadedAgentConfig, options: Tier1BuildOptions = {}): Promise<BuiltTier1> {
  const config = agent.config.tier1;
  if (config && !config.enabled && !options.attackDetectors) return { notice: "Tier 1 (attack detectors): off (tier1.enabled: false)" };
  const list = entries(agent, config, options);
  const usingDefault = list.length === 1 && list[0]?.at.endsWith("(default)") === true;
  const consensus = options.consensus ?? config?.consensus ?? 1;
  if (!Number.isInteger(consensus) || consensus < 1 || consensus > list.length) {
    throw new ConfigError(options.consensus !== undefined ? "(Firewall options)" : agent.file, [`${options.consensus !== undefined ? "consensus" : "tier1.consensus"}: ${consensus} needs between 1 and ${list.length} detector(s)`]);
  }

  const resolver = new ThresholdResolver(config);
  const detectors: Detector[] = [];
  try {
    for (const entry of list) {
      try {
        detectors.push(await createDetector(entry, agent, resolver, config?.score_cache ?? DEFAULT_SCORE_CACHE_ENTRIES));
      } catch (error) {
        if (error instanceof ConfigError) throw error;
        // The shipped model missing means a broken install: refuse to start rather than run
        // without Tier 1. Turning Tier 1 off is an explicit choice (tier1.enabled: false).
        const hint = usingDefault ? "; the shipped model is missing from this installation: reinstall Moat, or set tier1.enabled: false to run without Tier 1" : "";
        throw new ConfigError(entry.file, [`${entry.at}: ${message(error)}${hint}`]);
      }
    }
  } catch (error) {
    await Promise.allSettled(detectors.map((d) => d.close?.()));
    throw error;
  }
  const named = uniqueNames(detectors);
  const tier = new Tier1(named, { consensus });
  return { tier, notice: `Tier 1 (attack detectors): ${named.map(describeDetector).join(", ")}; consensus ${consensus} of ${named.length}` };
}
