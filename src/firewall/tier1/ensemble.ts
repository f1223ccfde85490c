/**
 * Runs detectors in parallel and stops as soon as the outcome cannot change: k block votes, or
 * too few detectors left to reach k once some vote already rules out a confident pass. The rest
 * are cancelled through their AbortSignal. A detector that throws, times out or returns
 * something that is not a probability does not vote, and is reported; it never counts as 0.
 *
 * Votes: a detector votes block when any text it scanned scores at or above its block_at, pass
 * when every text scores below its pass_below, unsure otherwise. The ensemble blocks on k block
 * votes, passes when every detector that scanned something voted pass, and escalates otherwise.
 * When failures leave fewer than k working detectors, the ensemble has failed and the route's
 * fail policy decides.
 */
import { isProbability, isThenable, type Detector, type ScanContext, type ScanInput, type Source, type Thresholds } from "./detector.js";

export type Vote = "block" | "pass" | "unsure";
export type DetectorStatus = "scored" | "failed" | "timeout" | "cancelled" | "not_applicable";
export type EnsembleDecision = "block" | "pass" | "escalate" | "failed";

export interface DetectorReport {
  name: string;
  kind: string;
  status: DetectorStatus;
  vote?: Vote;
  /** Highest score over the texts it scanned; for a block vote, the score of the text that blocked. */
  score?: number;
  /** The text that scored highest (for a block vote, the one that blocked), and its thresholds. */
  input?: string;
  thresholds?: Thresholds;
  /** Score per text label. */
  scores?: Record<string, number>;
  latencyMs: number;
  error?: string;
  /** Whether it was started (cancelled detectors may never have been). */
  started: boolean;
  /** Its signal fired before it finished: cancelled by the decision, the caller, or its timeout. */
  aborted: boolean;
}

export interface EnsembleResult {
  decision: EnsembleDecision;
  consensus: number;
  reports: DetectorReport[];
  votes: { block: number; pass: number; unsure: number; failed: number; cancelled: number };
  /** Decided before every detector finished. */
  decidedEarly: boolean;
  /** The k-th highest detector score (k = consensus), or the highest when fewer scored. */
  attackProbability?: number;
  /** Why the ensemble could not decide, when it failed. */
  reason?: string;
}

/** The reason given to a cancelled detector's signal. */
export class EnsembleDecided extends Error {
  constructor() {
    super("the ensemble already decided");
    this.name = "EnsembleDecided";
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function applicableInputs(detector: Detector, inputs: readonly ScanInput[]): ScanInput[] {
  return inputs.filter((i) => (!detector.scan || detector.scan.includes(i.source)) && (i.earlier === undefined || detector.joinsTurns === true));
}


/** The joined views of two turns last: whether they are read depends on the other inputs' scores. */
function partition(inputs: readonly ScanInput[]): { direct: ScanInput[]; joined: ScanInput[] } {
  return { direct: inputs.filter((i) => i.earlier === undefined), joined: inputs.filter((i) => i.earlier !== undefined) };
}

/**
 * Whether the joined view is skipped: when everything the user wrote in this request was a
 * confident pass. A yes/no detector (no band between pass_below and block_at) cannot be confident
 * that way, so it always reads the view it was asked to read.
 */
function skipsJoinedView(detector: Detector, userTextUnsure: boolean): boolean {
  return !userTextUnsure && hasUnsureBand(detector);
}

function hasUnsureBand(detector: Detector): boolean {
  const t = detector.thresholds("prompt");
  return t.passBelow < t.blockAt;
}

/** What the user wrote in this request: the prompt and hidden text, not tool content or joined views. */
function isUserText(input: ScanInput): boolean {
  return input.source === "prompt" && input.earlier === undefined;
}

/**
 * A detector's score for one input. The joined view of two turns counts only as block evidence
 * the earlier turn alone does not give: its score when at or above block_at and the earlier turn
 * alone is below it, otherwise 0 (the prompt's own score, scanned separately, says the rest).
 * Anything that is not a probability is passed on for the caller to report.
 */
function scoreInput(detector: Detector, input: ScanInput, context: ScanContext, signal: AbortSignal): Promise<number> | number {
  const earlier = input.earlier;
  if (earlier === undefined) return detector.score(input, context, signal);
  const { blockAt } = detector.thresholds(input.source);
  const settle = (joined: number, alone: number): number => (notAProbability(alone) ? alone : alone >= blockAt ? 0 : joined);
  const earlierInput: ScanInput = { text: earlier, source: input.source, label: `${input.label}: earlier turn alone` };
  const joined = detector.score(input, context, signal);
  if (isThenable(joined)) {
    // A model or API call: ask about the earlier turn at the same time, so that the joined view
    // costs one round trip of latency (within the detector's timeout), not two in a row.
    const alone = Promise.resolve().then(() => detector.score(earlierInput, context, signal));
    alone.catch(() => undefined);
    return Promise.resolve(joined).then(async (j) => {
      if (notAProbability(j)) return j;
      if (j < blockAt) return 0;
      return settle(j, await alone);
    });
  }
  if (notAProbability(joined)) return joined;
  if (joined < blockAt) return 0;
  // In-process: the earlier turn is scored only when the joined view would block.
  const alone = detector.score(earlierInput, context, signal);
  return isThenable(alone) ? Promise.resolve(alone).then((a) => settle(joined, a)) : settle(joined, alone);
}

function voteOf(scores: ReadonlyArray<{ score: number; source: Source }>, detector: Detector): Vote {
  let vote: Vote = "pass";
  for (const { score, source } of scores) {
    const t = detector.thresholds(source);
    if (score >= t.blockAt) return "block";
    if (score >= t.passBelow) vote = "unsure";
  }
  return vote;
}

/** A signal that never fires: in-process synchronous detectors cannot be interrupted anyway. */
const NEVER_ABORTED = new AbortController().signal;

type ReportBody = Omit<DetectorReport, "name" | "kind" | "started" | "latencyMs" | "aborted">;

function scoredBody(detector: Detector, scored: ReadonlyArray<{ score: number; source: Source; label: string }>): ReportBody {
  const top = scored.reduce((a, b) => (b.score > a.score ? b : a));
  const vote = voteOf(scored, detector);
  // A block vote names the text that crossed its own source's block_at: with per-source
  // thresholds that may not be the highest score (a tool message at 0.96 blocks where the prompt's
  // 0.97 does not), and what is reported is what the block was about.
  const named = vote === "block" ? (scored.find((s) => s.score >= detector.thresholds(s.source).blockAt) ?? top) : top;
  return {
    status: "scored",
    vote,
    score: named.score,
    input: named.label,
    thresholds: detector.thresholds(named.source),
    scores: Object.fromEntries(scored.map((s) => [s.label, s.score])),
  };
}

function notAProbability(score: unknown): boolean {
  return !isProbability(score);
}

/**
 * An in-process synchronous detector without a timeout is scored inline: no signals, timers or
 * promises per evaluation (they cost more than the built-in model itself on short prompts).
 * Returns undefined when the detector answers with a promise after all; the caller then runs it
 * the general way.
 */
function runSynchronously(detector: Detector, inputs: readonly ScanInput[], context: ScanContext): DetectorReport | undefined {
  const started = performance.now();
  const scored: Array<{ score: number; source: Source; label: string }> = [];
  const report = (body: ReportBody): DetectorReport => ({ name: detector.name, kind: detector.kind, started: true, ...body, latencyMs: round(performance.now() - started), aborted: false });
  const { direct, joined } = partition(inputs);
  let userTextUnsure = false;
  for (const input of [...direct, ...joined]) {
    if (input.earlier !== undefined && skipsJoinedView(detector, userTextUnsure)) continue;
    let score: Promise<number> | number;
    try {
      score = scoreInput(detector, input, context, NEVER_ABORTED);
    } catch (error) {
      return report({ status: "failed", error: `${input.label}: ${message(error)}` });
    }
    if (typeof score === "object" && score !== null && typeof (score as Promise<number>).then === "function") {
      // Not synchronous after all: drop this answer (it must not reject unhandled) and go the general way.
      (score as Promise<number>).then(undefined, () => undefined);
      return undefined;
    }
    if (notAProbability(score)) return report({ status: "failed", error: `${input.label}: returned ${JSON.stringify(score)}, not a probability between 0 and 1` });
    scored.push({ score: score as number, source: input.source, label: input.label });
    if (isUserText(input) && (score as number) >= detector.thresholds(input.source).passBelow) userTextUnsure = true;
    // A block vote needs no further text from this detector.
    if ((score as number) >= detector.thresholds(input.source).blockAt) break;
  }
  return report(scoredBody(detector, scored));
}

/** Scores every applicable input with one detector; resolves (never rejects) with its report. */
function runDetector(detector: Detector, inputs: readonly ScanInput[], context: ScanContext, cancel: AbortSignal): Promise<DetectorReport> {
  const started = performance.now();
  const timeout = detector.timeoutMs !== undefined ? AbortSignal.timeout(detector.timeoutMs) : undefined;
  const runSignal = timeout ? AbortSignal.any([cancel, timeout]) : cancel;
  // Stops this detector's other inputs once one of them decides its block vote.
  const done = new AbortController();
  const scoreSignal = AbortSignal.any([runSignal, done.signal]);
  const base = { name: detector.name, kind: detector.kind, started: true };
  const scored: Array<{ score: number; source: Source; label: string }> = [];

  return new Promise<DetectorReport>((resolve) => {
    let finished = false;
    let pending = inputs.length;
    const finish = (report: ReportBody, aborted = false): void => {
      if (finished) return;
      finished = true;
      runSignal.removeEventListener("abort", onAbort);
      // Inputs still being scored are no longer needed.
      if (pending > 0) done.abort(new EnsembleDecided());
      resolve({ ...base, ...report, latencyMs: round(performance.now() - started), aborted });
    };
    const scoredReport = (): ReportBody => scoredBody(detector, scored);
    function onAbort(): void {
      if (timeout?.aborted) finish({ status: "timeout", error: `timed out after ${detector.timeoutMs} ms` }, true);
      else finish({ status: "cancelled", error: message(cancel.reason) }, true);
    }
    runSignal.addEventListener("abort", onAbort, { once: true });
    if (runSignal.aborted) {
      onAbort();
      return;
    }
    // A detector without an unsure band always reads the joined view: no reason to wait for the rest.
    const { direct, joined } = hasUnsureBand(detector) ? partition(inputs) : { direct: [...inputs], joined: [] };
    let directPending = direct.length;
    let userTextUnsure = false;
    const launch = (input: ScanInput, isDirect: boolean): void => {
      let result: Promise<number> | number;
      try {
        result = scoreInput(detector, input, context, scoreSignal);
      } catch (error) {
        finish({ status: "failed", error: `${input.label}: ${message(error)}` });
        return;
      }
      Promise.resolve(result).then(
        (score) => {
          if (finished) return;
          if (notAProbability(score)) {
            finish({ status: "failed", error: `${input.label}: returned ${JSON.stringify(score)}, not a probability between 0 and 1` });
            return;
          }
          scored.push({ score, source: input.source, label: input.label });
          pending--;
          if (isUserText(input) && score >= detector.thresholds(input.source).passBelow) userTextUnsure = true;
          if (score >= detector.thresholds(input.source).blockAt || pending === 0) {
            finish(scoredReport());
            return;
          }
          if (isDirect && --directPending === 0) launchJoined();
        },
        (error: unknown) => {
          if (finished) return;
          if (runSignal.aborted) onAbort();
          else finish({ status: "failed", error: `${input.label}: ${message(error)}` });
        },
      );
    };
    // The joined view waits for the user's own text: whether it is read depends on those scores.
    const launchJoined = (): void => {
      for (const input of joined) {
        if (finished) return;
        if (!skipsJoinedView(detector, userTextUnsure)) {
          launch(input, false);
        } else if (--pending === 0) {
          finish(scoredReport());
        }
      }
    };
    for (const input of direct) {
      if (finished) return;
      launch(input, true);
    }
    if (direct.length === 0) launchJoined();
  });
}

interface Tally {
  block: number;
  pass: number;
  unsure: number;
  failed: number;
  pending: number;
  applicable: number;
}

function decide(t: Tally, k: number): EnsembleDecision | undefined {
  if (t.block >= k) return "block";
  if (t.failed > 0 && t.applicable - t.failed < k) return "failed";
  const passRuledOut = t.block > 0 || t.unsure > 0 || t.failed > 0;
  if (t.block + t.pending < k && passRuledOut) return "escalate";
  if (t.pending === 0) return passRuledOut ? "escalate" : "pass";
  return undefined;
}

export interface EnsembleOptions {
  consensus: number;
  /** The caller's signal: aborting it cancels every detector. */
  signal?: AbortSignal;
}

export async function runEnsemble(
  detectors: readonly Detector[],
  inputs: readonly ScanInput[],
  context: ScanContext,
  options: EnsembleOptions,
): Promise<EnsembleResult> {
  const k = options.consensus;
  // Created when a detector starts the general (asynchronous) way; inline ones need none.
  const controllers: Array<AbortController | undefined> = detectors.map(() => undefined);
  const reports: Array<DetectorReport | undefined> = detectors.map(() => undefined);
  const perDetectorInputs = detectors.map((d) => applicableInputs(d, inputs));
  const started = detectors.map(() => false);
  const startedAt = detectors.map(() => 0);
  perDetectorInputs.forEach((scanned, i) => {
    const d = detectors[i] as Detector;
    if (scanned.length === 0) reports[i] = { name: d.name, kind: d.kind, status: "not_applicable", latencyMs: 0, started: false, aborted: false };
  });
  const applicable = reports.filter((r) => r === undefined).length;

  let decision: EnsembleDecision | undefined;
  let reason: string | undefined;
  let decidedEarly = false;

  const tally = (): Tally => {
    const t: Tally = { block: 0, pass: 0, unsure: 0, failed: 0, pending: 0, applicable };
    for (const r of reports) {
      if (!r) t.pending++;
      else if (r.status === "scored") t[r.vote ?? "unsure"]++;
      else if (r.status === "failed" || r.status === "timeout") t.failed++;
    }
    return t;
  };

  let announce: () => void = () => undefined;
  const decided = new Promise<void>((resolve) => {
    announce = resolve;
  });
  const conclude = (d: EnsembleDecision): void => {
    decision = d;
    announce();
    decidedEarly = reports.some((r) => r === undefined);
    if (!decidedEarly) return;
    const cancel = new EnsembleDecided();
    reports.forEach((r, i) => {
      if (r) return;
      const detector = detectors[i] as Detector;
      controllers[i]?.abort(cancel);
      const wasStarted = started[i] ?? false;
      const latencyMs = wasStarted ? round(performance.now() - (startedAt[i] ?? 0)) : 0;
      reports[i] = { name: detector.name, kind: detector.kind, status: "cancelled", latencyMs, started: wasStarted, aborted: wasStarted };
    });
  };

  const record = (i: number, report: DetectorReport): void => {
    if (decision) return;
    reports[i] = report;
    const d = decide(tally(), k);
    if (d) conclude(d);
  };

  if (applicable === 0) {
    reason = "no detector scans these inputs";
    conclude("escalate");
  }
  const onCallerAbort = (): void => {
    if (decision) return;
    reason = `evaluation aborted: ${message(options.signal?.reason)}`;
    conclude("failed");
  };
  options.signal?.addEventListener("abort", onCallerAbort, { once: true });
  if (options.signal?.aborted) onCallerAbort();

  // Synchronous in-process detectors first: when they decide, the slow ones are never started.
  const order = detectors.map((_, i) => i).sort((a, b) => Number(detectors[b]?.synchronous ?? false) - Number(detectors[a]?.synchronous ?? false));
  const running: Array<Promise<void>> = [];
  const start = (i: number): void => {
    if (decision || reports[i]) return;
    started[i] = true;
    startedAt[i] = performance.now();
    const detector = detectors[i] as Detector;
    const inputsOf = perDetectorInputs[i] as ScanInput[];
    if (detector.synchronous && detector.timeoutMs === undefined) {
      const report = runSynchronously(detector, inputsOf, context);
      if (report) {
        record(i, report);
        return;
      }
    }
    const controller = new AbortController();
    controllers[i] = controller;
    const run = runDetector(detector, inputsOf, context, controller.signal);
    running.push(run.then((report) => record(i, report)));
  };
  for (const i of order.filter((i) => detectors[i]?.synchronous)) start(i);
  await Promise.all(running);
  for (const i of order.filter((i) => !detectors[i]?.synchronous)) start(i);

  // The last report always decides (decide() answers once nothing is pending).
  await decided;
  options.signal?.removeEventListener("abort", onCallerAbort);

  const final = reports as DetectorReport[];
  if (!decision) throw new Error("ensemble finished without a decision");
  const votes = { block: 0, pass: 0, unsure: 0, failed: 0, cancelled: 0 };
  for (const r of final) {
    if (r.status === "scored" && r.vote) votes[r.vote]++;
    else if (r.status === "failed" || r.status === "timeout") votes.failed++;
    else if (r.status === "cancelled") votes.cancelled++;
  }
  const scores = final.filter((r) => r.score !== undefined).map((r) => r.score as number).sort((a, b) => b - a);
  const attackProbability = scores.length === 0 ? undefined : (scores[Math.min(k, scores.length) - 1] as number);
  if (decision === "failed" && !reason) {
    const broken = final.filter((r) => r.status === "failed" || r.status === "timeout");
    reason = `${applicable - broken.length} of ${applicable} detector(s) working, consensus needs ${k} (${broken.map((r) => `${r.name}: ${r.error}`).join("; ")})`;
  }
  return { decision, consensus: k, reports: final, votes, decidedEarly, ...(attackProbability !== undefined ? { attackProbability } : {}), ...(reason ? { reason } : {}) };
}
