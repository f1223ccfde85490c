/**
 * Child process for the crash test: commits N events through the batching writer (and its worker
 * thread), then starts a second transaction and is killed (SIGKILL) in the middle of it, without
 * closing anything.
 */
import { EventStore } from "../../../src/events/store.js";
import { EventWriter } from "../../../src/events/writer.js";
import { openDatabase } from "../../../src/events/sqlite.js";
import { storedEvent } from "../fixtures.js";

const [file, countText] = process.argv.slice(2);
if (!file || !countText) throw new Error("usage: write-then-die.ts FILE COUNT");
EventStore.open(file).close();
const writer = new EventWriter(file, { batchSize: 50, retentionDays: 30, maxRows: 1_000_000 });
for (let i = 0; i < Number(countText); i++) writer.push(storedEvent({ id: `evt_crash${i}`, time: Date.now() }));
await writer.drain();
process.stdout.write(`committed ${writer.stats.written}\n`);

const raw = openDatabase(file);
raw.exec("BEGIN IMMEDIATE");
const insert = raw.prepare("INSERT INTO events (id, time, route, mode, outcome, verdict, category, tier, explanation, attack_probability, fail_open, fail_closed, action, status, latency_ms, eval_ms, stream, prompt_chars, trace) VALUES (?, 0, 'r', 'block', 'block', 'block', 'violation', 1, '', 1, 0, 0, 'refused', 200, 0, 0, 0, 0, '[]')");
for (let i = 0; i < 500; i++) insert.run(`evt_uncommitted${i}`);
process.kill(process.pid, "SIGKILL");
