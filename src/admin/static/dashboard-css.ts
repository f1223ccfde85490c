/** The dashboard's stylesheet. Colours meet WCAG AA contrast on their backgrounds. */
export const DASHBOARD_CSS = String.raw`
:root {
  --bg: #f4f5f7; --card: #ffffff; --text: #1b1f24; --muted: #4b5563; --line: #d5d9e0;
  --accent: #1a56db; --accent-text: #ffffff; --focus: #1a56db;
  --block: #b3261e; --block-bg: #fde8e7; --block-text: #8c1d18;
  --review: #b86e00; --review-bg: #fff1d6; --review-text: #6b4000;
  --would: #6a3dad; --would-bg: #efe7fb; --would-text: #4b2a86;
  --pass: #5b6b78; --pass-bg: #e6f4ea; --pass-text: #1e5b2e;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 15px; line-height: 1.45; color: var(--text); background: var(--bg);
}
* { box-sizing: border-box; }
body { margin: 0; }
main { max-width: 1280px; margin: 0 auto; padding: 0 16px 32px; display: grid; gap: 16px; }
h1 { font-size: 1.25rem; margin: 0; }
h2 { font-size: 1.05rem; margin: 0 0 8px; }
h3 { font-size: 0.95rem; margin: 16px 0 6px; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85rem; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip { position: absolute; left: -9999px; top: 8px; background: var(--card); padding: 8px; z-index: 10; }
.skip:focus { left: 8px; }
.muted { color: var(--muted); }
.logo { color: var(--accent); }
.sub { font-weight: 400; color: var(--muted); font-size: 0.95rem; margin-left: 4px; }

.top { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 12px;
  max-width: 1280px; margin: 0 auto; padding: 16px; }
.top-actions { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
.top-actions form { margin: 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
.section-head { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 8px 16px; }
.banner { max-width: 1248px; margin: 0 auto 12px; padding: 10px 14px; border-radius: 8px;
  background: var(--block-bg); color: var(--block-text); border: 1px solid var(--block); }

button { font: inherit; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: var(--accent-text);
  padding: 6px 12px; cursor: pointer; }
button.secondary { background: var(--card); color: var(--accent); }
button:disabled { opacity: 0.6; cursor: default; }
input[type=text], input[type=password], select { font: inherit; padding: 5px 8px; border: 1px solid #8a94a3; border-radius: 6px;
  background: var(--card); color: var(--text); }
label.inline { display: inline-flex; align-items: center; gap: 6px; }

.filters { display: flex; flex-wrap: wrap; gap: 10px 14px; align-items: flex-end; }
.filters .field { display: flex; flex-direction: column; gap: 3px; }
.filters label { font-size: 0.85rem; color: var(--muted); }
.filters select { color: var(--text); min-width: 9rem; }

.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 16px; margin: 0; padding: 0; font-size: 0.9rem; }
.legend li { display: inline-flex; align-items: center; gap: 6px; }
.swatch { width: 12px; height: 12px; border-radius: 2px; display: inline-block; }
.swatch.block { background: var(--block); }
.swatch.review { background: var(--review); }
.swatch.would_block { background: var(--would); }
.swatch.pass { background: transparent; border-top: 3px solid var(--pass); height: 0; width: 16px; border-radius: 0; }
.chart { width: 100%; min-height: 160px; }
.chart svg { width: 100%; height: auto; max-height: 320px; display: block; }
.chart .axis { stroke: var(--line); }
.chart .tick { fill: var(--muted); font-size: 11px; }
.chart .bar-block { fill: var(--block); }
.chart .bar-review { fill: var(--review); }
.chart .bar-would_block { fill: var(--would); }
.chart .pass-line { fill: none; stroke: var(--pass); stroke-width: 2; stroke-dasharray: 4 3; }
.chart .hit { fill: transparent; }
.chart .hit:hover { fill: rgba(26, 86, 219, 0.08); }
.chart-data summary { cursor: pointer; color: var(--accent); margin-top: 6px; }

.table-wrap { overflow-x: auto; }
table.grid, .chart-data table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
table.grid th, table.grid td, .chart-data th, .chart-data td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
table.grid th, .chart-data th { color: var(--muted); font-weight: 600; white-space: nowrap; }
table.events tbody tr:hover { background: #f0f4ff; }
table.events td.prompt, table.events td.explanation { max-width: 320px; overflow-wrap: anywhere; }
table.events td.prompt { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.82rem; }
.linkish { background: none; border: none; color: var(--accent); padding: 0; text-decoration: underline; text-align: left; white-space: nowrap; }
tr.new { animation: flash 2s ease-out; }
@keyframes flash { from { background: #fff6c2; } to { background: transparent; } }
@media (prefers-reduced-motion: reduce) { tr.new { animation: none; } }

.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 0.8rem; font-weight: 600; white-space: nowrap; }
.badge.block { background: var(--block-bg); color: var(--block-text); }
.badge.review { background: var(--review-bg); color: var(--review-text); }
.badge.would_block { background: var(--would-bg); color: var(--would-text); }
.badge.pass { background: var(--pass-bg); color: var(--pass-text); }
.badge.mark { background: #e8eefc; color: #1d3f8f; }

dialog { width: min(900px, 96vw); max-height: 92vh; border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; color: var(--text); }
dialog::backdrop { background: rgba(15, 23, 42, 0.45); }
.dialog-head { display: flex; justify-content: space-between; align-items: center; gap: 12px; }
.dialog-head h2 { margin: 0; overflow-wrap: anywhere; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 12px 0; }
dl.fields dt { color: var(--muted); }
dl.fields dd { margin: 0; overflow-wrap: anywhere; }
pre.prompt { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px;
  padding: 10px; max-height: 260px; overflow: auto; margin: 0; }
pre.details { white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0 0; max-height: 200px; overflow: auto; }
.marks { border-top: 1px solid var(--line); margin-top: 16px; }
.marks label { display: block; font-size: 0.85rem; color: var(--muted); margin-bottom: 3px; }
.marks input { width: 100%; max-width: 560px; }
.mark-buttons { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 10px; }

.login-body { display: grid; place-items: center; min-height: 100vh; }
.login { width: min(420px, 92vw); display: grid; gap: 12px; }
.login form { display: grid; gap: 10px; }
.login .error { color: var(--block-text); margin: 0; font-weight: 600; }
.login .hint { color: var(--muted); font-size: 0.9rem; margin: 0; }
`;
