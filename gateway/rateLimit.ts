import type { Actor } from "../common/actor.js";
import { rateLimited } from "../common/errors.js";

/**
 * Requests per second per caller (the original API allows 10 a second per caller), as a token
 * bucket: `perSecond` tokens a second, up to `burst` saved. Per gateway process; replicas
 * each count their own.
 */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 10, burst: 20 };

export function rateLimitFromEnv(env = process.env): RateLimit | null {
  if (env.RATE_LIMIT_PER_SECOND === "0") return null;
  const perSecond = Number(env.RATE_LIMIT_PER_SECOND ?? DEFAULT_RATE_LIMIT.perSecond);
  const burst = Number(env.RATE_LIMIT_BURST ?? Math.max(DEFAULT_RATE_LIMIT.burst, perSecond * 2));
  if (!(perSecond > 0) || !(burst >= 1))
    throw new Error(
      "RATE_LIMIT_PER_SECOND and RATE_LIMIT_BURST must be positive numbers (RATE_LIMIT_PER_SECOND=0 turns the limit off).",
    );
  return { perSecond, burst };
}

/** Who a caller is for the limit: its token's subject within its partner, or its address when anonymous. */
export function callerKey(actor: Actor, address: string | undefined): string {
  if (actor.role === "anonymous") return `address:${address ?? "unknown"}`;
  return "partnerId" in actor ? `${actor.partnerId}:${actor.subject}` : `${actor.role}:${actor.subject}`;
}

export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly limit: RateLimit) {}

  /** Takes `count` requests' worth for the caller; throws RATE_LIMITED, saying when to retry, when it has not got them. */
  take(key: string, requests = 1, now = Date.now()): void {
    const count = Math.min(requests, this.limit.burst);
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now };
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < count) {
      const retryAfterSeconds = Math.ceil((Math.min(count, this.limit.burst) - bucket.tokens) / this.limit.perSecond);
      throw rateLimited(
        `Too many requests: at most ${this.limit.perSecond} a second per caller (bursts of ${this.limit.burst}). Retry after ${retryAfterSeconds} s.`,
        retryAfterSeconds,
      );
    }
    bucket.tokens -= count;
    // Full buckets carry no state: drop them so the map stays the size of the busy callers.
    if (this.buckets.size > 10_000)
      for (const [k, b] of this.buckets) if (b.tokens >= this.limit.burst - 1) this.buckets.delete(k);
  }
}
