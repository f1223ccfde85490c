/**
 * GET /metrics in Prometheus text format. Open by default (as exporters usually are, on a
 * trusted network); when MOAT_METRICS_TOKEN is set, a scrape must send it as a Bearer token
 * (Prometheus: `authorization: { credentials: ... }` in the scrape config).
 */
import type { HttpBindings } from "@hono/node-server";
import type { Hono } from "hono";
import type { MoatMetrics } from "../metrics/metrics.js";
import { errorBody } from "../proxy/errors.js";
import { bearerToken, TokenCheck } from "./auth.js";

export function mountMetrics(app: Hono<{ Bindings: HttpBindings }>, metrics: MoatMetrics, token: string | undefined): void {
  const check = token ? new TokenCheck(token) : undefined;
  app.get("/metrics", async (c) => {
    if (check && !check.matches(bearerToken(c.req.header("authorization")))) {
      c.header("www-authenticate", 'Bearer realm="moat-metrics"');
      return c.json(errorBody("send Authorization: Bearer <MOAT_METRICS_TOKEN>", "authentication_error", "unauthorized"), 401);
    }
    c.header("content-type", metrics.contentType);
    c.header("cache-control", "no-store");
    return c.body(await metrics.text());
  });
}
