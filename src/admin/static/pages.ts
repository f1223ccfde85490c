/**
 * The two HTML pages. Neither carries data: the dashboard fetches everything from the JSON API,
 * and the login page's only variable text is one of our own fixed messages, so there is nothing
 * to escape and the strict CSP (no inline script or style) holds.
 */

const HEAD = (title: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/_moat/assets/dashboard.css">
</head>`;

const FIXED_MESSAGES = new Set(["Invalid token.", "The form was too large.", "Sign in from this server's own login page."]);

function safeMessage(message: string): string {
  // Only our own fixed texts (and the retry countdown, digits only) reach the page.
  if (FIXED_MESSAGES.has(message) || /^Too many wrong tokens\. Try again in \d+ seconds\.$/.test(message)) return message;
  return "Sign-in failed.";
}

export function loginPage(error?: string): string {
  return `${HEAD("Sign in · Moat")}
<body class="login-body">
<main class="login">
  <h1><span class="logo" aria-hidden="true">▚</span> Moat admin</h1>
  <form method="post" action="/_moat/login" class="card">
    <label for="token">Admin token</label>
    <input id="token" name="token" type="password" autocomplete="current-password" required autofocus spellcheck="false"${error ? ' aria-describedby="login-error" aria-invalid="true"' : ""}>
    <button type="submit">Sign in</button>
    ${error ? `<p id="login-error" class="error" role="alert">${safeMessage(error)}</p>` : ""}
  </form>
  <p class="hint">The token is the value of <code>MOAT_ADMIN_TOKEN</code> in the proxy's environment.</p>
</main>
</body>
</html>`;
}

export function dashboardPage(): string {
  return `${HEAD("Flagged events · Moat")}
<body>
<a class="skip" href="#events-title">Skip to the events</a>
<header class="top">
  <h1><span class="logo" aria-hidden="true">▚</span> Moat <span class="sub">flagged events</span></h1>
  <div class="top-actions">
    <label class="inline"><input type="checkbox" id="live" checked> Live update</label>
    <span id="updated" class="muted" aria-live="off"></span>
    <form method="post" action="/_moat/logout"><button type="submit" class="secondary">Sign out</button></form>
  </div>
</header>
<div id="banner" class="banner" role="alert" hidden></div>
<main>
  <section aria-labelledby="filters-title" class="card">
    <h2 id="filters-title" class="sr-only">Filters</h2>
    <form id="filters" class="filters">
      <div class="field">
        <label for="f-range">Time range</label>
        <select name="range" id="f-range">
          <option value="1h">Last hour</option>
          <option value="6h">Last 6 hours</option>
          <option value="24h" selected>Last 24 hours</option>
          <option value="7d">Last 7 days</option>
          <option value="30d">Last 30 days</option>
        </select>
      </div>
      <div class="field">
        <label for="f-route">Route</label>
        <select name="route" id="f-route"><option value="">All routes</option></select>
      </div>
      <div class="field">
        <label for="f-verdict">Verdict</label>
        <select name="verdict" id="f-verdict">
          <option value="">Any flagged</option>
          <option value="block">block</option>
          <option value="review">review</option>
          <option value="pass">pass (stored passes)</option>
        </select>
      </div>
      <div class="field">
        <label for="f-outcome">Outcome</label>
        <select name="outcome" id="f-outcome">
          <option value="">Any</option>
          <option value="block">block</option>
          <option value="review">review</option>
          <option value="would_block">would block (log mode)</option>
        </select>
      </div>
      <div class="field">
        <label for="f-category">Category</label>
        <select name="category" id="f-category">
          <option value="">Any</option>
          <option value="violation">violation</option>
          <option value="off_topic">off topic</option>
          <option value="restriction">restriction</option>
          <option value="uncertain">uncertain</option>
        </select>
      </div>
      <div class="field">
        <label for="f-tier">Tier</label>
        <select name="tier" id="f-tier">
          <option value="">Any</option>
          <option value="0">0 sanitize</option>
          <option value="1">1 detectors</option>
          <option value="2">2 agent classifier</option>
          <option value="3">3 judge</option>
        </select>
      </div>
      <div class="field">
        <label for="f-mark">Mark</label>
        <select name="mark" id="f-mark">
          <option value="">Any</option>
          <option value="none">Unmarked</option>
          <option value="false_positive">False positive</option>
          <option value="missed_attack">Missed attack</option>
        </select>
      </div>
      <button type="reset" class="secondary">Clear filters</button>
    </form>
  </section>

  <section aria-labelledby="chart-title" class="card">
    <div class="section-head">
      <h2 id="chart-title">Flagged requests over time</h2>
      <ul id="legend" class="legend" aria-label="Totals in the time range"></ul>
    </div>
    <div id="chart" class="chart" role="img" aria-label="Loading the chart"></div>
    <details class="chart-data">
      <summary>Chart data as a table</summary>
      <div class="table-wrap"><table id="chart-table"></table></div>
    </details>
  </section>

  <section aria-labelledby="routes-title" class="card">
    <h2 id="routes-title">Routes, last 24 hours</h2>
    <div class="table-wrap"><table id="routes" class="grid"></table></div>
  </section>

  <section aria-labelledby="events-title" class="card">
    <div class="section-head">
      <h2 id="events-title">Flagged events</h2>
      <p id="events-status" class="muted" aria-live="polite"></p>
    </div>
    <div class="table-wrap">
      <table id="events" class="grid events">
        <thead><tr>
          <th scope="col">Time</th><th scope="col">Route</th><th scope="col">Outcome</th><th scope="col">Category</th>
          <th scope="col">Tier</th><th scope="col">Prompt</th><th scope="col">Explanation</th><th scope="col">Mark</th>
        </tr></thead>
        <tbody></tbody>
      </table>
    </div>
    <p id="empty" class="muted" hidden>No flagged events match these filters.</p>
    <button type="button" id="more" class="secondary" hidden>Load older events</button>
  </section>
</main>

<dialog id="detail" aria-labelledby="detail-title">
  <div class="dialog-head">
    <h2 id="detail-title">Event</h2>
    <button type="button" id="detail-close" class="secondary" aria-label="Close the event detail">Close</button>
  </div>
  <div id="detail-body"></div>
  <section class="marks" aria-labelledby="mark-title">
    <h3 id="mark-title">Operator mark</h3>
    <p id="mark-current"></p>
    <label for="mark-note">Note (optional)</label>
    <input id="mark-note" type="text" maxlength="1000" autocomplete="off">
    <div class="mark-buttons">
      <button type="button" data-mark="false_positive">Mark as false positive</button>
      <button type="button" data-mark="missed_attack">Mark as missed attack</button>
      <button type="button" data-mark="" class="secondary">Clear mark</button>
    </div>
    <p id="mark-status" role="status"></p>
  </section>
</dialog>
<script type="module" src="/_moat/assets/dashboard.js"></script>
</body>
</html>`;
}
