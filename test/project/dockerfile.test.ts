/** No Docker engine runs here, so the Dockerfile is checked by reading it. */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");
const lines = dockerfile.split("\n").map((l) => l.trim());

describe("Dockerfile", () => {
  it("copies only files that exist in the repository", () => {
    const sources = lines
      .filter((l) => l.startsWith("COPY ") && !l.includes("--from="))
      .flatMap((l) => l.replace(/^COPY\s+/, "").split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(3);
    for (const source of sources) expect(existsSync(join(ROOT, source)), `${source} is copied but missing`).toBe(true);
  });

  it("is multi-stage on a current LTS slim image, runs as non-root, prunes dev dependencies and has a health check", () => {
    const froms = lines.filter((l) => l.startsWith("FROM "));
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from).toMatch(/node:(22|24)[\w.-]*-slim/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(lines.some((l) => /^USER\s+(node|\d+)/.test(l))).toBe(true);
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/healthz/);
  });

  it("starts the compiled CLI that the build stage produces", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { bin: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.bin.moat).toBe("dist/cli.js");
    expect(dockerfile).toContain('"dist/cli.js", "serve"');
    expect(readFileSync(join(ROOT, "tsconfig.build.json"), "utf8")).toContain('"outDir": "dist"');
  });
});
