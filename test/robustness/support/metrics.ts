/** Reads counters from a running Moat's /metrics (Prometheus text format). */
export const METRICS_TOKEN = "metrics-token-for-robustness-tests-0123";

/** Sum of a counter's samples whose labels include every pair in `labels`. */
export async function counter(baseUrl: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const response = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  const text = await response.text();
  let sum = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.startsWith(`${name}{`) ? line.slice(name.length + 1, line.lastIndexOf("}")) : "";
    const matches = Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`));
    if (matches) sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return sum;
}
