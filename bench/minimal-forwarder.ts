/**
 * The ceiling of Moat's stack: Hono on @hono/node-server with an undici Pool, passing the body
 * through and nothing else (no routing, no header hygiene, no parsing, no logging). No proxy
 * built on these three can be faster. `tsx bench/minimal-forwarder.ts --upstream http://127.0.0.1:PORT`
 */
import { parseArgs } from "node:util";
import { createAdaptorServer, type HttpBindings } from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import { Hono } from "hono";
import { Pool, type Dispatcher } from "undici";

const { values } = parseArgs({ options: { upstream: { type: "string" }, port: { type: "string", default: "0" } } });
const pool = new Pool(values.upstream ?? "http://127.0.0.1:1", { connections: 256 });
const app = new Hono<{ Bindings: HttpBindings }>();
app.all("*", async (c) => {
  const { incoming, outgoing } = c.env;
  const { host: _host, connection: _connection, ...headers } = incoming.headers;
  const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
  const up = await pool.request({ method: incoming.method as Dispatcher.HttpMethod, path: incoming.url ?? "/", headers, body: hasBody ? incoming : null });
  const { connection: _c, "keep-alive": _k, "transfer-encoding": _t, ...out } = up.headers;
  outgoing.writeHead(up.statusCode, out);
  if (String(up.headers["content-type"]).startsWith("text/event-stream")) outgoing.flushHeaders();
  up.body.pipe(outgoing);
  return RESPONSE_ALREADY_SENT;
});
const server = createAdaptorServer({ fetch: app.fetch });
server.listen(Number(values.port), "127.0.0.1", () => {
  const address = server.address();
  process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
});
// An orderly exit, so --cpu-prof can write its profile.
process.on("SIGTERM", () => process.exit(0));
