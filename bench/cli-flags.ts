import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The first line of the CLI's source: the shebang the `moat` bin is run by. */
export function cliShebang(root: string): string {
  return readFileSync(join(root, "src", "cli.ts"), "utf8").split("\n", 1)[0] ?? "";
}

/** The Node flags in the CLI's shebang: how the `moat` bin, `npm start` and the Dockerfile run it. */
export function cliNodeFlags(root: string): string[] {
  const first = cliShebang(root);
  const match = /^#!\/usr\/bin\/env\s+(?:-S\s+)?node((?:\s+--\S+)*)\s*$/.exec(first);
  if (!match) throw new Error(`unexpected shebang in ${root}/src/cli.ts: ${first}`);
  return (match[1] ?? "").trim().split(/\s+/).filter(Boolean);
}
