/**
 * Loopback stand-ins for the services tiers call: an attack-detection API (Tier 1 HTTP detector)
 * and an OpenAI-compatible judge (Tier 3). Each misbehaves when the text it is sent contains a
 * trigger word, so one server covers every fault.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface FakeService {
  url: string;
  port: number;
  /** Request bodies received, in order. */
  received: string[];
  /** Requests still waiting for an answer (hung on purpose). */
  hanging: number;
  close(): Promise<void>;
}

type Handler = (body: string, req: IncomingMessage, res: ServerResponse, service: FakeService) => void;

async function serve(handler: Handler): Promise<FakeService> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      service.received.push(body);
      handler(body, req, res, service);
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const service: FakeService = {
    url: `http://127.0.0.1:${port}`,
    port,
    received: [],
    hanging: 0,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return service;
}

function hang(res: ServerResponse, service: FakeService): void {
  service.hanging++;
  res.on("close", () => service.hanging--);
}

/**
 * POST {"text": ...} → {"score": p}. Triggers: DET_500, DET_NOT_JSON, DET_SHAPE, DET_HANG,
 * DET_ATTACK (0.99), DET_CLEAN (0.01); anything else scores 0.5, which escalates.
 */
export function startFakeDetector(): Promise<FakeService> {
  return serve((body, _req, res, service) => {
    const json = (status: number, payload: unknown): void => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    if (body.includes("DET_HANG")) return hang(res, service);
    if (body.includes("DET_500")) return json(500, { error: "detector exploded" });
    if (body.includes("DET_NOT_JSON")) {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>gateway says hi</html>");
      return;
    }
    if (body.includes("DET_SHAPE")) return json(200, { result: { label: "INJECTION" } });
    if (body.includes("DET_ATTACK")) return json(200, { score: 0.99 });
    if (body.includes("DET_CLEAN")) return json(200, { score: 0.01 });
    json(200, { score: 0.5 });
  });
}

function sse(res: ServerResponse, pieces: string[]): void {
  res.writeHead(200, { "content-type": "text/event-stream" });
  for (const piece of pieces) {
    res.write(`data: ${JSON.stringify({ id: "j", object: "chat.completion.chunk", created: 1, model: "judge", choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`);
  }
  res.end(`data: ${JSON.stringify({ id: "j", object: "chat.completion.chunk", created: 1, model: "judge", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\ndata: [DONE]\n\n`);
}

/**
 * /v1/chat/completions, streamed. Triggers in the judged text: JUDGE_HANG, JUDGE_500,
 * JUDGE_GARBAGE (a reply that does not start with a verdict letter), JUDGE_BROKEN_SSE,
 * JUDGE_BLOCK (B); anything else is P.
 */
export function startFakeJudge(): Promise<FakeService> {
  return serve((body, _req, res, service) => {
    // The judge's own system prompt quotes nothing from the client, so the trigger is in the user turn.
    if (body.includes("JUDGE_HANG")) return hang(res, service);
    if (body.includes("JUDGE_500")) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "judge overloaded", type: "server_error", param: null, code: null } }));
      return;
    }
    if (body.includes("JUDGE_GARBAGE")) return sse(res, ["Verdict", ": B, because it looks bad"]);
    if (body.includes("JUDGE_BROKEN_SSE")) {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end("data: {this is not json\n\ndata: [DONE]\n\n");
      return;
    }
    if (body.includes("JUDGE_BLOCK")) return sse(res, ["B", ": prompt injection"]);
    sse(res, ["P", ": fine"]);
  });
}
