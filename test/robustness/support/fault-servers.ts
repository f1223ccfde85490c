/**
 * Misbehaving upstreams on 127.0.0.1: a port nobody listens on, a server that accepts and never
 * answers, and a raw socket server that writes whatever a test scripts.
 */
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface FaultServer {
  port: number;
  baseUrl: string;
  /** Connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

/** A port that was free a moment ago and now refuses connections. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A TCP server whose every connection is handed to `onConnection` (after the request head has
 * arrived when `waitForHead` is set); sockets are destroyed on close.
 */
export async function startRawServer(onConnection: (socket: Socket, head: string) => void, waitForHead = true): Promise<FaultServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    fault.connections++;
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    if (!waitForHead) {
      onConnection(socket, "");
      return;
    }
    let head = "";
    const onData = (chunk: Buffer): void => {
      head += chunk.toString("latin1");
      if (head.includes("\r\n\r\n")) {
        socket.off("data", onData);
        onConnection(socket, head);
      }
    };
    socket.on("data", onData);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const fault: FaultServer = {
    port,
    baseUrl: `http://127.0.0.1:${port}/v1`,
    connections: 0,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fault;
}

/** Accepts connections, reads the request, never answers. */
export function startSilentServer(): Promise<FaultServer> {
  return startRawServer(() => undefined);
}

export function sseChunk(content: string, finish: string | null = null): string {
  return `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;
}

/** An HTTP/1.1 response head for a raw socket; chunked unless a length is given. */
export function responseHead(status: number, headers: Record<string, string | number>): string {
  const lines = [`HTTP/1.1 ${status} X`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return `${lines.join("\r\n")}\r\n\r\n`;
}

export function chunk(text: string): string {
  return `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
}
