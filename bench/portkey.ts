/**
 * The peer gateway: @portkey-ai/gateway (a devDependency of the benchmark only), run from
 * node_modules as its own `start:node` script does: `node build/start-server.js --port=N`.
 * `--headless` skips the console UI it otherwise serves. Its postinstall (patch-package) was not
 * run and is not needed: the published build is self-contained and starts as shipped.
 *
 * Streaming through it needs bench/portkey-stream-fix.mjs (see there): without it every streamed
 * request fails inside Portkey with "TypeError: immutable" on this Node and @hono/node-server.
 *
 * No config file and no guardrails: each request names the provider and where it lives with
 * Portkey's own headers (x-portkey-provider, x-portkey-custom-host), the documented way to reach
 * an OpenAI-compatible server of one's own. 127.0.0.1 is on its default trusted-custom-host list.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

export interface PortkeyProcess {
  child: ChildProcess;
  /** Headers that send a chat request through Portkey to an OpenAI-compatible base URL. */
  headersFor(baseUrl: string): Record<string, string>;
}

export function portkeyEntry(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@portkey-ai/gateway/package.json")), "build", "start-server.js");
}

export function startPortkey(options: { port: number; stdio: number | "ignore"; env: NodeJS.ProcessEnv }): PortkeyProcess {
  const fix = join(import.meta.dirname, "portkey-stream-fix.mjs");
  const child = spawn(process.execPath, ["--import", pathToFileURL(fix).href, portkeyEntry(), `--port=${options.port}`, "--headless"], {
    env: { ...options.env, NODE_ENV: "production" },
    stdio: ["ignore", options.stdio, options.stdio],
  });
  return {
    child,
    headersFor: (baseUrl) => ({
      "x-portkey-provider": "openai",
      "x-portkey-custom-host": baseUrl,
      authorization: "Bearer sk-bench-not-a-real-key",
    }),
  };
}
