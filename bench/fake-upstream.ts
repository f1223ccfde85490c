/**
 * The benchmark's upstream: an OpenAI-compatible chat endpoint on 127.0.0.1 that answers every
 * request with the same bytes, so the only thing that differs between targets is the proxy.
 * JSON requests get a fixed chat.completion; `"stream":true` requests get a fixed number of SSE
 * chunks at a fixed interval, the first one at once (time to first chunk is then pure overhead).
 *
 * Run as its own process: `tsx bench/fake-upstream.ts --chunks 5 --interval 10`; it reports its
 * port over IPC (or prints it when started by hand).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

export const UPSTREAM_MARK = "x-bench-upstream";

const COMPLETION = Buffer.from(
  JSON.stringify({
    id: "chatcmpl-bench",
    object: "chat.completion",
    created: 1_700_000_000,
    model: "bench-model",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: "Your balance is 1,234.56 EUR. Is there anything else I can help you with today?", refusal: null },
        logprobs: null,
        finish_reason: "stop",
      },
    ],
    usage: { prompt_tokens: 120, completion_tokens: 20, total_tokens: 140 },
    system_fingerprint: "fp_bench",
  }),
);

function chunk(delta: Record<string, unknown>, finish: string | null): Buffer {
  const payload = { id: "chatcmpl-bench", object: "chat.completion.chunk", created: 1_700_000_000, model: "bench-model", choices: [{ index: 0, delta, finish_reason: finish }] };
  return Buffer.from(`data: ${JSON.stringify(payload)}\n\n`);
}

const STREAM_MARKER = Buffer.from('"stream":true');

export interface FakeUpstreamOptions {
  chunks: number;
  intervalMs: number;
}

function streamChunks(count: number): Buffer[] {
  const out: Buffer[] = [chunk({ role: "assistant", content: "Your" }, null)];
  for (let i = 1; i < count; i++) out.push(chunk({ content: ` word${i}` }, null));
  out.push(Buffer.concat([chunk({}, "stop"), Buffer.from("data: [DONE]\n\n")]));
  return out;
}

function answer(res: ServerResponse, body: Buffer, chunks: readonly Buffer[], intervalMs: number): void {
  // Request bodies are written by the benchmark with JSON.stringify (no spaces), so a byte search
  // tells a streaming request apart without parsing JSON in the upstream.
  if (body.indexOf(STREAM_MARKER) === -1) {
    res.writeHead(200, { "content-type": "application/json", "content-length": COMPLETION.length, [UPSTREAM_MARK]: "1" });
    res.end(COMPLETION);
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", [UPSTREAM_MARK]: "1" });
  let i = 0;
  const next = (): void => {
    if (res.destroyed) return;
    const piece = chunks[i++] as Buffer;
    if (i === chunks.length) {
      res.end(piece);
      return;
    }
    res.write(piece);
    setTimeout(next, intervalMs);
  };
  next();
}

export function createFakeUpstream(options: FakeUpstreamOptions) {
  const chunks = streamChunks(options.chunks);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => answer(res, parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts), chunks, options.intervalMs));
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { chunks: { type: "string", default: "5" }, interval: { type: "string", default: "10" }, port: { type: "string", default: "0" } } });
  const server = createFakeUpstream({ chunks: Number(values.chunks), intervalMs: Number(values.interval) });
  await new Promise<void>((resolve) => server.listen(Number(values.port), "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  if (process.send) process.send({ port });
  else process.stdout.write(`fake upstream on http://127.0.0.1:${port}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
