/**
 * The dashboard's script: plain DOM, no framework. It polls the admin API for live updates,
 * draws the chart as SVG, and renders every value from the store with textContent (prompts are
 * attacker-controlled text and must never become markup).
 */
export const DASHBOARD_JS = String.raw`
"use strict";
const API = "/_moat/api";
const POLL_MS = 5000;
const OUTCOMES = ["block", "would_block", "review"];
const OUTCOME_LABEL = { block: "block", review: "review", would_block: "would block", pass: "pass" };
const MARK_LABEL = { false_positive: "False positive", missed_attack: "Missed attack" };
const SVG = "http://www.w3.org/2000/svg";

const state = { next: null, paged: false, shownIds: new Set(), openId: null, timer: null, loading: false, queued: null };
const $ = (id) => document.getElementById(id);

function el(tag, attrs, children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = String(value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children || []) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function svg(tag, attrs, children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "text") node.textContent = String(value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children || []) node.append(child);
  return node;
}

async function api(path, options) {
  const init = Object.assign({ credentials: "same-origin", headers: { accept: "application/json" } }, options || {});
  const response = await fetch(API + path, init);
  if (response.status === 401) {
    window.location.assign("/_moat/login");
    throw new Error("signed out");
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(body && body.error ? body.error.message : "HTTP " + response.status);
  return body;
}

function filters() {
  const form = $("filters");
  const data = new FormData(form);
  const out = {};
  for (const [key, value] of data.entries()) if (value !== "") out[key] = String(value);
  return out;
}

function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== "") search.set(key, value);
  const text = search.toString();
  return text ? "?" + text : "";
}

function listParams(cursor) {
  const f = filters();
  const params = { since: f.range, route: f.route, verdict: f.verdict, outcome: f.outcome, category: f.category, tier: f.tier, mark: f.mark, limit: "50" };
  if (cursor) params.cursor = cursor;
  return params;
}

function fmtTime(ms) {
  return new Date(ms).toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

function fmtTick(ms, spanMs) {
  const d = new Date(ms);
  if (spanMs > 2 * 86400000) return d.toLocaleDateString(undefined, { month: "short", day: "numeric" });
  return d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

function fmtNumber(n) {
  return Number(n).toLocaleString();
}

function badge(outcome) {
  return el("span", { class: "badge " + outcome, text: OUTCOME_LABEL[outcome] || outcome });
}

function showBanner(text) {
  const banner = $("banner");
  banner.hidden = !text;
  banner.textContent = text || "";
}

// ---- overview and routes ----------------------------------------------------------------------

function renderOverview(overview) {
  const store = overview.store;
  if (store.error) showBanner("The event store is not available: " + store.error);
  else if (!store.enabled) showBanner("The event store is off (events.enabled: false in proxy.config.yaml); nothing is recorded.");
  else if (store.dropped > 0) showBanner(fmtNumber(store.dropped) + " event(s) could not be stored (queue full or write errors); see the proxy log.");
  else showBanner("");

  const select = $("f-route");
  const current = select.value;
  const names = overview.routes.map((r) => r.name);
  const existing = Array.from(select.options).slice(1).map((o) => o.value);
  if (names.join("\u0000") !== existing.join("\u0000")) {
    select.replaceChildren(el("option", { value: "", text: "All routes" }), ...names.map((n) => el("option", { value: n, text: n })));
    select.value = names.includes(current) ? current : "";
  }

  const table = $("routes");
  const head = el("thead", {}, [el("tr", {}, ["Route", "Prefix", "Mode", "Passed", "Blocked", "Review", "Would block"].map((t) => el("th", { scope: "col", text: t })))]);
  const rows = overview.routes.map((route) => {
    const totals = overview.totals_24h[route.name] || { pass: 0, block: 0, review: 0, would_block: 0 };
    return el("tr", {}, [
      el("th", { scope: "row", text: route.name }),
      el("td", {}, [el("code", { text: route.prefix })]),
      el("td", { text: route.mode + (route.store_passes ? " (stores passes)" : "") }),
      el("td", { text: fmtNumber(totals.pass) }),
      el("td", { text: fmtNumber(totals.block) }),
      el("td", { text: fmtNumber(totals.review) }),
      el("td", { text: fmtNumber(totals.would_block) }),
    ]);
  });
  table.replaceChildren(head, el("tbody", {}, rows));
}

// ---- chart ------------------------------------------------------------------------------------

function renderChart(series) {
  const chart = $("chart");
  const points = series.points;
  const W = 960, H = 240, left = 40, right = 48, top = 12, bottom = 28;
  const plotW = W - left - right, plotH = H - top - bottom;
  const flagged = points.map((p) => p.block + p.would_block + p.review);
  const maxFlagged = Math.max(1, ...flagged);
  const maxPass = Math.max(1, ...points.map((p) => p.pass));
  const step = plotW / Math.max(1, points.length);
  const barW = Math.max(1, step * 0.72);
  const spanMs = series.until - series.since;
  const root = svg("svg", { viewBox: "0 0 " + W + " " + H, "aria-hidden": "true", focusable: "false" });

  root.append(svg("line", { class: "axis", x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH }));
  root.append(svg("text", { class: "tick", x: left - 6, y: top + 10, "text-anchor": "end", text: fmtNumber(maxFlagged) }));
  root.append(svg("text", { class: "tick", x: left - 6, y: top + plotH, "text-anchor": "end", text: "0" }));
  root.append(svg("text", { class: "tick", x: left + plotW + 6, y: top + 10, "text-anchor": "start", text: fmtNumber(maxPass) }));
  for (const i of [0, Math.floor(points.length / 2), points.length - 1]) {
    const p = points[i];
    if (!p) continue;
    const anchor = i === 0 ? "start" : i === points.length - 1 ? "end" : "middle";
    root.append(svg("text", { class: "tick", x: left + i * step + (anchor === "end" ? step : 0), y: H - 8, "text-anchor": anchor, text: fmtTick(p.t, spanMs) }));
  }

  points.forEach((p, i) => {
    const x = left + i * step + (step - barW) / 2;
    let y = top + plotH;
    const group = svg("g", {});
    for (const outcome of OUTCOMES) {
      const h = (p[outcome] / maxFlagged) * plotH;
      if (h <= 0) continue;
      y -= h;
      group.append(svg("rect", { class: "bar-" + outcome, x: x, y: y, width: barW, height: h }));
    }
    const hit = svg("rect", { class: "hit", x: left + i * step, y: top, width: step, height: plotH });
    hit.append(svg("title", { text: fmtTime(p.t) + ": " + p.block + " blocked, " + p.would_block + " would block, " + p.review + " review, " + p.pass + " passed" }));
    group.append(hit);
    root.append(group);
  });

  const line = points.map((p, i) => (i === 0 ? "M" : "L") + (left + i * step + step / 2).toFixed(1) + " " + (top + plotH - (p.pass / maxPass) * plotH).toFixed(1)).join(" ");
  if (points.length > 0) root.append(svg("path", { class: "pass-line", d: line }));
  chart.replaceChildren(root);

  const totals = points.reduce((t, p) => ({ block: t.block + p.block, would_block: t.would_block + p.would_block, review: t.review + p.review, pass: t.pass + p.pass }), { block: 0, would_block: 0, review: 0, pass: 0 });
  const scope = series.route ? "route " + series.route : "all routes";
  chart.setAttribute("aria-label", "Flagged requests per interval, " + scope + ": " + totals.block + " blocked, " + totals.would_block + " would block, " + totals.review + " sent to review, " + totals.pass + " passed (dashed line, right scale).");

  $("legend").replaceChildren(
    ...["block", "would_block", "review", "pass"].map((k) =>
      el("li", {}, [el("span", { class: "swatch " + k, "aria-hidden": "true" }), (k === "pass" ? "passed" : OUTCOME_LABEL[k]) + ": " + fmtNumber(totals[k])]),
    ),
  );

  const rows = points.filter((p) => p.block + p.would_block + p.review + p.pass > 0);
  $("chart-table").replaceChildren(
    el("thead", {}, [el("tr", {}, ["Interval start", "Blocked", "Would block", "Review", "Passed"].map((t) => el("th", { scope: "col", text: t })))]),
    el("tbody", {}, rows.length > 0 ? rows.map((p) => el("tr", {}, [el("th", { scope: "row", text: fmtTime(p.t) }), el("td", { text: p.block }), el("td", { text: p.would_block }), el("td", { text: p.review }), el("td", { text: p.pass })])) : [el("tr", {}, [el("td", { colspan: 5, text: "No requests in this range." })])]),
  );
}

// ---- event list -------------------------------------------------------------------------------

function eventRow(event, isNew) {
  const button = el("button", { type: "button", class: "linkish", "data-id": event.id, "aria-label": "Open event " + event.id + " from " + fmtTime(event.time), onclick: () => openDetail(event.id) }, [
    el("time", { datetime: new Date(event.time).toISOString(), text: fmtTime(event.time) }),
  ]);
  return el("tr", { class: isNew ? "new" : undefined, "data-id": event.id }, [
    el("td", {}, [button]),
    el("td", { text: event.route }),
    el("td", {}, [badge(event.outcome)]),
    el("td", { text: event.category }),
    el("td", { text: String(event.tier) }),
    el("td", { class: "prompt", text: event.prompt_preview === null ? "(not stored)" : event.prompt_preview + (event.prompt_chars > event.prompt_preview.length ? "…" : "") }),
    el("td", { class: "explanation", text: event.explanation }),
    el("td", { class: "mark" }, [markBadge(event)]),
  ]);
}

function markBadge(event) {
  return event.mark ? el("span", { class: "badge mark", text: MARK_LABEL[event.mark] }) : el("span", { class: "muted", text: "-" });
}

function renderEvents(events, append) {
  const body = $("events").querySelector("tbody");
  const focused = document.activeElement && document.activeElement.getAttribute ? document.activeElement.getAttribute("data-id") : null;
  const firstLoad = state.shownIds.size === 0;
  const rows = events.map((e) => eventRow(e, !firstLoad && !state.shownIds.has(e.id)));
  if (append) body.append(...rows);
  else body.replaceChildren(...rows);
  for (const e of events) state.shownIds.add(e.id);
  if (focused) {
    const again = body.querySelector('button[data-id="' + CSS.escape(focused) + '"]');
    if (again) again.focus();
  }
  const count = body.children.length;
  $("empty").hidden = count > 0;
  $("more").hidden = !state.next;
}

async function loadEvents(options) {
  const append = Boolean(options && options.append);
  const page = await api("/events" + query(listParams(append ? state.next : null)));
  const fresh = append ? [] : page.events.filter((e) => !state.shownIds.has(e.id));
  if (append) {
    state.paged = true;
    state.next = page.next;
    renderEvents(page.events, true);
  } else if (state.paged && options && options.poll) {
    // Older pages are loaded: add only what is new at the top, keep the rest in place.
    const body = $("events").querySelector("tbody");
    const rows = fresh.map((e) => eventRow(e, true));
    body.prepend(...rows);
    for (const e of fresh) state.shownIds.add(e.id);
    $("empty").hidden = body.children.length > 0;
  } else {
    state.next = page.next;
    renderEvents(page.events, false);
  }
  if (options && options.poll && fresh.length > 0) $("events-status").textContent = fresh.length + " new flagged event" + (fresh.length === 1 ? "" : "s") + ".";
}

async function refresh(options) {
  if (state.loading) {
    // A refresh is running (a live poll, say): run again when it ends; a filter change wins over a poll.
    state.queued = state.queued && !state.queued.poll ? state.queued : options;
    return;
  }
  state.loading = true;
  try {
    const f = filters();
    const [overview, series] = await Promise.all([api("/overview"), api("/series" + query({ range: f.range, route: f.route }))]);
    renderOverview(overview);
    renderChart(series);
    await loadEvents(options);
    $("updated").textContent = "Updated " + new Date().toLocaleTimeString();
  } catch (error) {
    if (error.message !== "signed out") showBanner("Could not load the dashboard data: " + error.message);
  } finally {
    state.loading = false;
    const queued = state.queued;
    state.queued = null;
    if (queued) await refresh(queued);
  }
}

function resetList() {
  state.next = null;
  state.paged = false;
  state.shownIds = new Set();
  $("events-status").textContent = "";
}

// ---- detail and marks -------------------------------------------------------------------------

function field(name, value) {
  return [el("dt", { text: name }), el("dd", {}, [value instanceof Node ? value : String(value)])];
}

function traceTable(trace) {
  const head = el("thead", {}, [el("tr", {}, ["Tier", "Name", "Decision", "Category", "Attack p.", "Time", "Explanation"].map((t) => el("th", { scope: "col", text: t })))]);
  const rows = [];
  for (const t of trace) {
    rows.push(
      el("tr", {}, [
        el("td", { text: String(t.tier) }),
        el("td", { text: t.name }),
        el("td", { text: t.decision + (t.failed ? " (failed)" : "") }),
        el("td", { text: t.category }),
        el("td", { text: t.attack_probability === undefined ? "-" : t.attack_probability.toFixed(3) }),
        el("td", { text: t.latency_ms.toFixed(2) + " ms" }),
        el("td", {}, [t.explanation, t.details ? el("details", {}, [el("summary", { text: "details" }), el("pre", { class: "details", text: JSON.stringify(t.details, null, 2) })]) : null]),
      ]),
    );
  }
  return el("div", { class: "table-wrap" }, [el("table", { class: "grid" }, [head, el("tbody", {}, rows)])]);
}

function renderDetail(event) {
  $("detail-title").textContent = "Event " + event.id;
  const fields = [
    ...field("Time", fmtTime(event.time)),
    ...field("Route", event.route + " (" + event.mode + " mode)"),
    ...field("Outcome", badge(event.outcome)),
    ...field("Verdict", event.verdict + " / " + event.category + ", decided by tier " + event.tier),
    ...field("Explanation", event.explanation),
    ...field("Attack probability", event.attack_probability.toFixed(3)),
    ...field("What the proxy did", event.action + ", status " + event.status + (event.upstream_status !== null ? ", upstream " + event.upstream_status : "")),
    ...field("Latency", "firewall " + event.eval_ms.toFixed(2) + " ms, response head " + event.latency_ms.toFixed(2) + " ms"),
  ];
  if (event.fail_open) fields.push(...field("Fail policy", "open: a tier failed and the request went on"));
  if (event.fail_closed) fields.push(...field("Fail policy", "closed: a tier failed and the request was stopped"));
  if (event.model) fields.push(...field("Model", event.model + (event.stream ? " (stream)" : "")));
  if (event.error) fields.push(...field("Error", event.error));
  if (event.sanitization) fields.push(...field("Tier 0 removed", JSON.stringify(event.sanitization.removed) + (event.sanitization.hidden_text.length ? "; hidden text: " + event.sanitization.hidden_text.join(" | ") : "")));
  const prompt = event.prompt === null ? el("p", { class: "muted", text: "Prompts are not stored (events.store_prompts: false)." }) : el("pre", { class: "prompt", text: event.prompt });
  const cut = event.prompt !== null && event.prompt.length < event.prompt_chars ? el("p", { class: "muted", text: "First " + fmtNumber(event.prompt.length) + " of " + fmtNumber(event.prompt_chars) + " characters (events.prompt_excerpt_chars)." }) : null;
  const answer = event.answer === null || event.answer === undefined ? [] : [el("h3", { text: "Answer excerpt" + (event.finish_reason ? " (finish reason " + event.finish_reason + ")" : "") }), el("pre", { class: "prompt", text: event.answer })];
  const parts = [el("dl", { class: "fields" }, fields), el("h3", { text: "Prompt excerpt" }), prompt, cut, ...answer, el("h3", { text: "Trace per tier" }), traceTable(event.trace)];
  $("detail-body").replaceChildren(...parts.filter((p) => p !== null));
  renderMark(event);
}

function renderMark(event) {
  $("mark-current").textContent = event.mark ? "Marked as " + MARK_LABEL[event.mark].toLowerCase() + " on " + fmtTime(event.marked_at) + (event.mark_note ? ": " + event.mark_note : ".") : "Not marked. A mark corrects the label when events are exported as training data.";
  $("mark-note").value = event.mark_note || "";
}

async function openDetail(id) {
  state.openId = id;
  const dialog = $("detail");
  $("mark-status").textContent = "";
  $("detail-body").replaceChildren(el("p", { class: "muted", text: "Loading…" }));
  if (!dialog.open) dialog.showModal();
  try {
    renderDetail(await api("/events/" + encodeURIComponent(id)));
  } catch (error) {
    $("detail-body").replaceChildren(el("p", { class: "error", role: "alert", text: "Could not load the event: " + error.message }));
  }
}

async function setMark(mark) {
  if (!state.openId) return;
  const status = $("mark-status");
  status.textContent = "Saving…";
  try {
    const event = await api("/events/" + encodeURIComponent(state.openId) + "/mark", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ mark: mark || null, note: $("mark-note").value }),
    });
    renderMark(event);
    status.textContent = mark ? "Saved: " + MARK_LABEL[mark].toLowerCase() + "." : "Mark cleared.";
    // Only the mark cell changes, so the row's button (where focus returns) stays in place.
    const cell = $("events").querySelector('tr[data-id="' + CSS.escape(event.id) + '"] td.mark');
    if (cell) cell.replaceChildren(markBadge(event));
  } catch (error) {
    status.textContent = "Could not save the mark: " + error.message;
  }
}

// ---- wiring -----------------------------------------------------------------------------------

function schedule() {
  clearTimeout(state.timer);
  if (!$("live").checked) return;
  state.timer = setTimeout(async () => {
    if (document.visibilityState === "visible") await refresh({ poll: true });
    schedule();
  }, POLL_MS);
}

$("filters").addEventListener("change", () => {
  resetList();
  refresh({}).then(schedule);
});
$("filters").addEventListener("reset", () => {
  setTimeout(() => {
    resetList();
    refresh({}).then(schedule);
  }, 0);
});
$("filters").addEventListener("submit", (e) => e.preventDefault());
$("more").addEventListener("click", () => loadEvents({ append: true }).catch((error) => showBanner(error.message)));
$("live").addEventListener("change", schedule);
$("detail-close").addEventListener("click", () => $("detail").close());
$("detail").addEventListener("close", () => {
  // A live refresh may have rebuilt the rows while the dialog was open: focus the event's row again.
  const id = state.openId;
  state.openId = null;
  const button = id ? $("events").querySelector('button[data-id="' + CSS.escape(id) + '"]') : null;
  if (button) button.focus();
});
for (const button of document.querySelectorAll("[data-mark]")) button.addEventListener("click", () => setMark(button.getAttribute("data-mark")));
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible" && $("live").checked) refresh({ poll: true });
});

refresh({}).then(schedule);
`;
