// Loaded into the Portkey process only (node --import). @portkey-ai/gateway 1.15.2 appends its
// x-portkey-* headers to the upstream's fetch Response when it relays a stream; under Node with
// @hono/node-server > 1.14.2 those headers are immutable and every streamed request fails with
// "TypeError: immutable" (Portkey-AI/gateway issues #1389 and #1550). The fix proposed upstream
// (PR #1551) relays a copy of the Response; this does the same, for event streams only, so
// Portkey's non-streaming path runs exactly as shipped.
const originalFetch = globalThis.fetch;
globalThis.fetch = async function fetchWithMutableStreamHeaders(input, init) {
  const response = await originalFetch(input, init);
  const type = response.headers.get("content-type") ?? "";
  if (!type.startsWith("text/event-stream")) return response;
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: new Headers(response.headers) });
};
