/**
 * A fake OpenAI-compatible upstream on 127.0.0.1 for end-to-end tests. It records what it
 * received and answers chat completions (JSON or SSE), models and embeddings; a test can swap in
 * its own behaviour per request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** True when the client went away before the response finished. */
  aborted: boolean;
}

export type UpstreamBehaviour = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

export interface FakeUpstream {
  url: string;
  /** Base URL as configured in proxy.config.yaml (ends with /v1). */
  baseUrl: string;
  received: ReceivedRequest[];
  /** Replaces the default behaviour until reset(). */
  behave(handler: UpstreamBehaviour | undefined): void;
  /** Chunks sent per stream, and the pause between them. */
  streamChunks: number;
  streamIntervalMs: number;
  close(): Promise<void>;
}

function lastUserText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { messages?: { role?: string; content?: unknown }[] };
    const user = [...(parsed.messages ?? [])].reverse().find((m) => m.role === "user");
    return typeof user?.content === "string" ? user.content : "";
  } catch {
    return "";
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function startFakeUpstream(): Promise<FakeUpstream> {
  let custom: UpstreamBehaviour | undefined;
  const received: ReceivedRequest[] = [];
  const sockets = new Set<import("node:net").Socket>();

  const fake: FakeUpstream = {
    url: "",
    baseUrl: "",
    received,
    streamChunks: 3,
    streamIntervalMs: 20,
    behave(handler) {
      custom = handler;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  async function defaultBehaviour(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const path = (req.url ?? "").split("?")[0];
    if (req.method === "POST" && path === "/v1/chat/completions") {
      const parsed = JSON.parse(body) as { model?: string; stream?: boolean; stream_options?: { include_usage?: boolean } };
      const model = parsed.model ?? "fake-model";
      const answer = `echo: ${lastUserText(body)}`;
      if (!parsed.stream) {
        res.writeHead(200, { "content-type": "application/json", "x-upstream": "fake" });
        res.end(
          JSON.stringify({
            id: "chatcmpl-fake",
            object: "chat.completion",
            created: 1,
            model,
            choices: [{ index: 0, message: { role: "assistant", content: answer, refusal: null }, logprobs: null, finish_reason: "stop" }],
            usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
          }),
        );
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", "x-upstream": "fake" });
      res.flushHeaders();
      const base = { id: "chatcmpl-fake", object: "chat.completion.chunk", created: 1, model };
      for (let i = 0; i < fake.streamChunks; i++) {
        if (res.destroyed) return;
        const content = i === 0 ? answer : ` part${i}`;
        res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: i === 0 ? { role: "assistant", content } : { content }, finish_reason: null }] })}\n\n`);
        await sleep(fake.streamIntervalMs);
      }
      res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`);
      if (parsed.stream_options?.include_usage) res.write(`data: ${JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 } })}\n\n`);
      res.end("data: [DONE]\n\n");
      return;
    }
    if (req.method === "GET" && path === "/v1/models") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ object: "list", data: [{ id: "fake-model", object: "model", created: 1, owned_by: "moat-tests" }] }));
      return;
    }
    if (req.method === "POST" && path === "/v1/embeddings") {
      const vector = [0.5, 0.25, 0.125];
      const base64 = (JSON.parse(body) as { encoding_format?: string }).encoding_format === "base64";
      const embedding = base64 ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ object: "list", data: [{ object: "embedding", index: 0, embedding }], model: "fake-embed", usage: { prompt_tokens: 2, total_tokens: 2 } }));
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ method: req.method, url: req.url, body }));
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const record: ReceivedRequest = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, aborted: false };
      received.push(record);
      res.on("close", () => {
        if (!res.writableFinished) record.aborted = true;
      });
      Promise.resolve((custom ?? defaultBehaviour)(req, res, body)).catch(() => res.destroy());
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.baseUrl = `${fake.url}/v1`;
  return fake;
}
