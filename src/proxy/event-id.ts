/**
 * Event ids: "evt_" + 32 hex digits, time-ordered like UUIDv7 (48-bit milliseconds first, then
 * randomness), so ids sort by time and the event store's primary-key index appends instead of
 * inserting at random pages.
 */
import { randomBytes } from "node:crypto";

let pool = Buffer.alloc(0);
let offset = 0;

function random10(): Buffer {
  // One getrandom call per 409 ids instead of one per id.
  if (offset + 10 > pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  const out = pool.subarray(offset, offset + 10);
  offset += 10;
  return out;
}

export function newEventId(now = Date.now()): string {
  return `evt_${now.toString(16).padStart(12, "0").slice(-12)}${random10().toString("hex")}`;
}
