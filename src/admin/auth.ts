/**
 * Admin authentication: a token from the environment, compared in constant time (both sides
 * hashed to SHA-256 first, so neither the content nor the length of the token leaks through
 * timing), sessions for the login form held in memory (a restart signs everyone out; signing out
 * really revokes), and a per-address limit on wrong guesses.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

function sha256(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

export class TokenCheck {
  private readonly expected: Buffer;

  constructor(token: string) {
    this.expected = sha256(token);
  }

  matches(candidate: string | undefined): boolean {
    if (candidate === undefined) return false;
    return timingSafeEqual(sha256(candidate), this.expected);
  }
}

/** "Bearer <token>" (scheme case-insensitive) or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}

export interface SessionOptions {
  ttlMs?: number;
  maxSessions?: number;
  now?: () => number;
}

/** Session ids are 256 random bits; only their hashes are kept, so a memory dump holds no usable cookie. */
export class Sessions {
  private readonly sessions = new Map<string, number>();
  readonly ttlMs: number;
  private readonly maxSessions: number;
  private readonly now: () => number;

  constructor(options: SessionOptions = {}) {
    this.ttlMs = options.ttlMs ?? 12 * 3_600_000;
    this.maxSessions = options.maxSessions ?? 1000;
    this.now = options.now ?? Date.now;
  }

  create(): string {
    const id = randomBytes(32).toString("base64url");
    const now = this.now();
    for (const [key, expires] of this.sessions) if (expires <= now) this.sessions.delete(key);
    // Oldest first in a Map: past the cap, the longest-standing session goes.
    while (this.sessions.size >= this.maxSessions) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
    this.sessions.set(sha256(id).toString("hex"), now + this.ttlMs);
    return id;
  }

  valid(id: string | undefined): boolean {
    if (!id || id.length > 100) return false;
    const key = sha256(id).toString("hex");
    const expires = this.sessions.get(key);
    if (expires === undefined) return false;
    if (expires <= this.now()) {
      this.sessions.delete(key);
      return false;
    }
    return true;
  }

  revoke(id: string | undefined): void {
    if (id) this.sessions.delete(sha256(id).toString("hex"));
  }

  get size(): number {
    return this.sessions.size;
  }
}

export interface ThrottleOptions {
  maxFailures?: number;
  windowMs?: number;
  now?: () => number;
}

/** After maxFailures wrong tokens from one address within the window, that address waits. */
export class FailureThrottle {
  private readonly failures = new Map<string, { count: number; since: number }>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: ThrottleOptions = {}) {
    this.maxFailures = options.maxFailures ?? 10;
    this.windowMs = options.windowMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Seconds to wait, or 0 when the address may try. */
  retryAfter(address: string): number {
    const entry = this.failures.get(address);
    if (!entry) return 0;
    const elapsed = this.now() - entry.since;
    if (elapsed >= this.windowMs) {
      this.failures.delete(address);
      return 0;
    }
    return entry.count >= this.maxFailures ? Math.ceil((this.windowMs - elapsed) / 1000) : 0;
  }

  fail(address: string): void {
    const now = this.now();
    const entry = this.failures.get(address);
    if (!entry || now - entry.since >= this.windowMs) {
      if (this.failures.size >= 10_000) this.failures.clear();
      this.failures.set(address, { count: 1, since: now });
    } else {
      entry.count++;
    }
  }

  succeed(address: string): void {
    this.failures.delete(address);
  }
}
