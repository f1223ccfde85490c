/**
 * Heavy dependencies load only for deployments that use them: the `openai` package (the judge's
 * client, several MB of memory) only with a judge, onnxruntime-node only with an ONNX detector,
 * jszip (the .hbfw reader) only with a Tier 2 model.
 * Checked on a real `moat serve` process with module-resolution hooks.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanEnv } from "../robustness/support/child-moat.js";

const ROOT = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "moat-lazy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `moat serve`, waits until it listens, stops it, and returns the heavy packages it loaded. */
async function loadedBy(env: Record<string, string>): Promise<Set<string>> {
  const config = join(dir, "proxy.config.yaml");
  writeFileSync(
    config,
    [
      "listen: { host: 127.0.0.1, port: 0 }",
      "log: { requests: false }",
      'upstreams: { u: { base_url: "http://127.0.0.1:9/v1" } }',
      `routes: [{ name: r, prefix: /, upstream: u, agent: ${JSON.stringify(join(ROOT, "agent.yaml"))}, mode: block }]`,
    ].join("\n"),
  );
  const child = spawn(process.execPath, ["--import", "tsx", "--import", resolve(import.meta.dirname, "support/module-log-hooks.mjs"), resolve(ROOT, "src/cli.ts"), "serve", "--config", config], {
    cwd: ROOT,
    env: cleanEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
  child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const deadline = Date.now() + 30_000;
  while (!stdout.includes("moat listening")) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`moat did not start: ${stderr}${stdout}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill("SIGTERM");
  await exited;
  return new Set([...stderr.matchAll(/MODULE-LOADED (\S+)/g)].map((m) => m[1] as string));
}

describe("heavy dependencies load on demand", () => {
  it("loads none of openai, onnxruntime-node and jszip without a judge, an ONNX detector or a Tier 2 model", async () => {
    expect([...(await loadedBy({}))]).toEqual([]);
  }, 40_000);

  it("loads openai once a judge is configured (the hooks do see it)", async () => {
    expect([...(await loadedBy({ MOAT_JUDGE_PROVIDER: "openai", OPENAI_API_KEY: "sk-test" }))]).toEqual(["openai"]);
  }, 40_000);
});
