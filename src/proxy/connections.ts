/**
 * Which client connections are serving a request, for graceful shutdown. Node's
 * closeIdleConnections() leaves alone a connection that was opened but never sent a request
 * (browsers and load balancers pre-connect), so shutdown waited for the full deadline whenever
 * one existed. Once draining, a connection is closed as soon as it has no request in flight.
 */
import type { Server } from "node:http";
import type { Socket } from "node:net";

export interface ConnectionTracker {
  /** Closes every connection without a request in flight now, and each other one when its last request ends. */
  drain(): void;
}

export function trackConnections(server: Server): ConnectionTracker {
  const inFlight = new Map<Socket, number>();
  let draining = false;

  server.on("connection", (socket: Socket) => {
    inFlight.set(socket, 0);
    socket.once("close", () => inFlight.delete(socket));
  });
  server.on("request", (req, res) => {
    const socket = req.socket;
    if (!inFlight.has(socket)) return;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    res.once("close", () => {
      const count = inFlight.get(socket);
      if (count === undefined) return;
      inFlight.set(socket, count - 1);
      // end(), not destroy(): whatever is still buffered for the client is flushed first.
      if (draining && count - 1 === 0) socket.end();
    });
  });

  return {
    drain() {
      draining = true;
      for (const [socket, count] of inFlight) if (count === 0) socket.destroy();
    },
  };
}
