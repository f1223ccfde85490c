/**
 * The proxy runs with the Node flags in the CLI's shebang (a smaller young generation: less
 * resident memory). Every way of starting it must pass the same flags, and the shebang must run.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { cliNodeFlags, cliShebang } from "../../bench/cli-flags.js";

const ROOT = resolve(import.meta.dirname, "../..");
const flags = cliNodeFlags(ROOT);

describe("Node flags of the proxy process", () => {
  it("the CLI's shebang caps the young generation", () => {
    expect(flags).toContain("--max-semi-space-size=8");
  });

  it("npm start and the Dockerfile pass the shebang's flags", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toContain(`node ${flags.join(" ")} dist/cli.js serve`);
    const cmd = readFileSync(join(ROOT, "Dockerfile"), "utf8")
      .split("\n")
      .find((l) => l.startsWith("CMD "));
    expect(cmd).toBeDefined();
    const args = JSON.parse((cmd ?? "").slice(4)) as string[];
    expect(args.slice(0, flags.length + 2)).toEqual(["node", ...flags, "dist/cli.js"]);
  });

  it("the shebang line runs: node accepts every flag in it", () => {
    const shebang = cliShebang(ROOT).slice(2).trim().split(/\s+/);
    const [program, ...rest] = shebang;
    // A script run as the bin is: `env -S node FLAGS script`.
    const script = join(mkdtempSync(join(tmpdir(), "moat-flags-")), "print-flags.mjs");
    writeFileSync(script, "process.stdout.write(process.execArgv.join(' '));\n");
    const run = spawnSync(program ?? "", [...rest, script], { encoding: "utf8" });
    rmSync(dirname(script), { recursive: true, force: true });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(flags.join(" "));
  });
});
