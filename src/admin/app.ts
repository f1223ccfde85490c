/**
 * The admin paths under /_moat: the dashboard, its login form and the JSON API, all behind
 * MOAT_ADMIN_TOKEN (Bearer header, or the HttpOnly session cookie the login form sets). Without
 * a token every /_moat path answers 404, as if the dashboard did not exist.
 */
import type { HttpBindings } from "@hono/node-server";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { errorBody } from "../proxy/errors.js";
import { adminApi, type ApiDeps } from "./api.js";
import { bearerToken, FailureThrottle, Sessions, TokenCheck } from "./auth.js";
import { ASSETS } from "./static/assets.js";
import { dashboardPage, loginPage } from "./static/pages.js";

export const ADMIN_PREFIX = "/_moat";
export const SESSION_COOKIE = "moat_admin";

type Env = { Bindings: HttpBindings };

export interface AdminOptions extends ApiDeps {
  /** MOAT_ADMIN_TOKEN; undefined turns the admin paths off. */
  token: string | undefined;
  sessions?: Sessions;
  throttle?: FailureThrottle;
}

const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  // Not "no-referrer": with it, browsers send "Origin: null" on form posts, and the origin check needs the real one.
  "referrer-policy": "same-origin",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

function remoteAddress(c: Context<Env>): string {
  return c.env?.incoming?.socket?.remoteAddress ?? "unknown";
}

/**
 * A browser's cross-origin request carries a foreign Origin (and Sec-Fetch-Site other than
 * same-origin; another port on the same host counts as "same-site", which is not enough).
 * Scripts and curl send neither.
 */
function sameOrigin(c: Context<Env>): boolean {
  const site = c.req.header("sec-fetch-site");
  if (site !== undefined && site !== "same-origin" && site !== "none") return false;
  const origin = c.req.header("origin");
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === c.req.header("host");
  } catch {
    return false;
  }
}

function isHttps(c: Context<Env>): boolean {
  return (c.req.header("x-forwarded-proto") ?? "").split(",")[0]?.trim().toLowerCase() === "https";
}

function notFound(c: Context<Env>) {
  return c.json(errorBody(`no route for path "${c.req.path}"`, "invalid_request_error", "not_found"), 404);
}

/** Registers every /_moat path on the proxy's app (before the route table). */
export function mountAdmin(app: Hono<Env>, options: AdminOptions): void {
  const admin = new Hono<Env>();
  if (!options.token) {
    admin.all(ADMIN_PREFIX, notFound);
    admin.all(`${ADMIN_PREFIX}/*`, notFound);
    app.route("/", admin);
    return;
  }
  const token = new TokenCheck(options.token);
  const sessions = options.sessions ?? new Sessions();
  const throttle = options.throttle ?? new FailureThrottle();

  admin.use(`${ADMIN_PREFIX}/*`, async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
    if (!c.res.headers.has("cache-control")) c.res.headers.set("cache-control", "no-store");
  });
  admin.use(ADMIN_PREFIX, async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
  });

  type Auth = "ok" | "none" | "bad" | { retryAfter: number };
  const authenticate = (c: Context<Env>): Auth => {
    const address = remoteAddress(c);
    const bearer = bearerToken(c.req.header("authorization"));
    if (bearer !== undefined) {
      const wait = throttle.retryAfter(address);
      if (wait > 0) return { retryAfter: wait };
      if (token.matches(bearer)) {
        throttle.succeed(address);
        return "ok";
      }
      throttle.fail(address);
      return "bad";
    }
    return sessions.valid(getCookie(c, SESSION_COOKIE)) ? "ok" : "none";
  };

  admin.get(ADMIN_PREFIX, (c) => c.redirect(`${ADMIN_PREFIX}/`, 301));

  admin.get(`${ADMIN_PREFIX}/`, (c) => {
    if (authenticate(c) !== "ok") return c.redirect(`${ADMIN_PREFIX}/login`, 303);
    return c.html(dashboardPage());
  });

  admin.get(`${ADMIN_PREFIX}/login`, (c) => {
    if (sessions.valid(getCookie(c, SESSION_COOKIE))) return c.redirect(`${ADMIN_PREFIX}/`, 303);
    return c.html(loginPage());
  });

  admin.post(`${ADMIN_PREFIX}/login`, bodyLimit({ maxSize: 8 * 1024, onError: (c) => c.html(loginPage("The form was too large."), 413) }), async (c) => {
    if (!sameOrigin(c)) return c.html(loginPage("Sign in from this server's own login page."), 403);
    const address = remoteAddress(c);
    const wait = throttle.retryAfter(address);
    if (wait > 0) {
      c.header("retry-after", String(wait));
      return c.html(loginPage(`Too many wrong tokens. Try again in ${wait} seconds.`), 429);
    }
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const candidate = typeof form["token"] === "string" ? form["token"] : undefined;
    if (!token.matches(candidate)) {
      throttle.fail(address);
      return c.html(loginPage("Invalid token."), 401);
    }
    throttle.succeed(address);
    setCookie(c, SESSION_COOKIE, sessions.create(), {
      path: ADMIN_PREFIX,
      httpOnly: true,
      sameSite: "Strict",
      secure: isHttps(c),
      maxAge: Math.floor(sessions.ttlMs / 1000),
    });
    return c.redirect(`${ADMIN_PREFIX}/`, 303);
  });

  admin.post(`${ADMIN_PREFIX}/logout`, (c) => {
    sessions.revoke(getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: ADMIN_PREFIX });
    return c.redirect(`${ADMIN_PREFIX}/login`, 303);
  });

  admin.get(`${ADMIN_PREFIX}/assets/:name`, (c) => {
    const asset = ASSETS[c.req.param("name")];
    if (!asset) return notFound(c);
    if (c.req.header("if-none-match") === asset.etag) return c.body(null, 304);
    c.header("content-type", asset.type);
    c.header("etag", asset.etag);
    c.header("cache-control", "no-cache");
    return c.body(asset.body);
  });

  admin.use(`${ADMIN_PREFIX}/api/*`, async (c, next) => {
    const auth = authenticate(c);
    if (typeof auth === "object") {
      c.header("retry-after", String(auth.retryAfter));
      return c.json(errorBody("too many wrong tokens from this address; wait and retry", "rate_limit_error", "too_many_attempts"), 429);
    }
    if (auth !== "ok") {
      c.header("www-authenticate", 'Bearer realm="moat-admin"');
      return c.json(errorBody(auth === "bad" ? "invalid admin token" : "sign in at /_moat/login or send Authorization: Bearer <MOAT_ADMIN_TOKEN>", "authentication_error", "unauthorized"), 401);
    }
    // A cookie rides along on cross-site requests; a state change must come from this origin.
    if (c.req.method !== "GET" && c.req.method !== "HEAD" && !sameOrigin(c)) {
      return c.json(errorBody("cross-origin request refused", "permission_error", "cross_origin"), 403);
    }
    await next();
  });
  admin.route(`${ADMIN_PREFIX}/api`, adminApi(options));
  admin.all(`${ADMIN_PREFIX}/*`, notFound);
  app.route("/", admin);
}
