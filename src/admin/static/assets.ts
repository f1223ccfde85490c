/** The dashboard's static files, served from memory with an ETag (they change only with Moat). */
import { createHash } from "node:crypto";
import { DASHBOARD_CSS } from "./dashboard-css.js";
import { DASHBOARD_JS } from "./dashboard-js.js";

export interface Asset {
  type: string;
  body: string;
  etag: string;
}

function asset(type: string, body: string): Asset {
  return { type, body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"` };
}

export const ASSETS: Readonly<Record<string, Asset>> = {
  "dashboard.css": asset("text/css; charset=utf-8", DASHBOARD_CSS),
  "dashboard.js": asset("text/javascript; charset=utf-8", DASHBOARD_JS),
};
