/**
 * Raw HTTP/1.1 over a socket, for requests that no HTTP client library will send as written:
 * absolute-form targets, dot segments, odd Host headers, broken bodies.
 */
import { connect } from "node:net";

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The socket closed before a status line arrived. */
  closedEarly: boolean;
}

export function parseRawResponse(text: string): RawResponse {
  const head = text.indexOf("\r\n\r\n");
  if (!text.startsWith("HTTP/1.1 ") || head === -1) return { status: 0, headers: {}, body: text, closedEarly: true };
  const lines = text.slice(0, head).split("\r\n");
  const status = Number(lines[0]?.split(" ")[1]);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = text.slice(head + 4);
  if (headers["transfer-encoding"] === "chunked") body = dechunk(body);
  return { status, headers, body, closedEarly: false };
}

function dechunk(body: string): string {
  let out = "";
  let at = 0;
  for (;;) {
    const eol = body.indexOf("\r\n", at);
    if (eol === -1) return out;
    const size = parseInt(body.slice(at, eol), 16);
    if (!Number.isFinite(size) || size === 0) return out;
    out += body.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

/** Sends `head` (request line and headers, without the blank line) and `body`; reads until close. */
export function rawRequest(port: number, head: string, body: string | Buffer = "", timeoutMs = 10_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${head.split("\r\n")[0]}`));
    }, timeoutMs);
    socket.on("connect", () => {
      const withClose = /\r\nconnection:/i.test(head) ? head : `${head}\r\nConnection: close`;
      // No half-close: Node's HTTP server treats a client FIN as an aborted request.
      socket.write(`${withClose}\r\n\r\n`);
      if (body.length > 0) socket.write(body);
    });
    socket.on("data", (d: Buffer) => chunks.push(d));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(parseRawResponse(Buffer.concat(chunks).toString("utf8")));
    });
  });
}

/** A request with a JSON body and a correct Content-Length. */
export function rawJson(port: number, method: string, target: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<RawResponse> {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  const lines = [`${method} ${target} HTTP/1.1`, "Host: 127.0.0.1", "Content-Type: application/json", `Content-Length: ${bytes.length}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return rawRequest(port, lines.join("\r\n"), bytes);
}
