import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Actor } from "../common/actor.js";
import { rateLimited } from "../common/errors.js";
import { readSettings } from "../common/settings.js";

/**
 * Requests per caller (the original API allows 10 a second per caller): `burst` requests in
 * every window of `burst / perSecond` seconds, so `perSecond` a second on average and at most
 * `burst` at once (by default 20 in every 2 s).
 */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 10, burst: 20 };

export function rateLimitFromEnv(env = process.env): RateLimit | null {
  const settings = readSettings(env);
  const perSecond = settings.RATE_LIMIT_PER_SECOND ?? DEFAULT_RATE_LIMIT.perSecond;
  if (perSecond === 0) return null;
  const burst = settings.RATE_LIMIT_BURST ?? Math.max(DEFAULT_RATE_LIMIT.burst, Math.ceil(perSecond * 2));
  return { perSecond, burst };
}

/** Who a caller is for the limit: its token's subject within its partner, or its address when anonymous. */
export function callerKey(actor: Actor, address: string | undefined): string {
  if (actor.role === "anonymous") return `address:${address ?? "unknown"}`;
  return "partnerId" in actor ? `${actor.partnerId}:${actor.subject}` : `${actor.role}:${actor.subject}`;
}

/**
 * The rate limit of every transport (rate-limiter-flexible). With Redis, one count per caller
 * across all gateway replicas; when Redis fails, each replica counts its own until it is back,
 * rather than refusing everyone or no one.
 */
export class RateLimiter {
  private readonly limiter: RateLimiterAbstract;

  constructor(
    private readonly limit: RateLimit,
    private readonly redis?: Redis,
  ) {
    const window = { points: limit.burst, duration: limit.burst / limit.perSecond };
    const inProcess = new RateLimiterMemory(window);
    this.limiter = redis
      ? new RateLimiterRedis({ ...window, storeClient: redis, keyPrefix: "rate", insuranceLimiter: inProcess })
      : inProcess;
  }

  /** Takes `requests` requests' worth for the caller; throws RATE_LIMITED, saying when to retry, when it has not got them. */
  async take(key: string, requests = 1): Promise<void> {
    try {
      // A batch larger than a whole window would never pass: it takes the whole window instead.
      await this.limiter.consume(key, Math.min(requests, this.limit.burst));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw rateLimited(
        `Too many requests: at most ${this.limit.burst} every ${this.limit.burst / this.limit.perSecond} s per caller ` +
          `(${this.limit.perSecond} a second). Retry after ${retryAfterSeconds} s.`,
        retryAfterSeconds,
      );
    }
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}

/** The limiter a gateway runs with: none when turned off, shared through Redis when `REDIS_URL` is set. */
export function createRateLimiter(
  limit: RateLimit | null,
  redisUrl: string | undefined,
  warn: (message: string) => void,
): RateLimiter | null {
  if (!limit) return null;
  if (!redisUrl) return new RateLimiter(limit);
  // Commands fail fast while Redis is away (the in-process count stands in), and never queue forever.
  const redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  let reported = false;
  redis.on("error", (error: Error) => {
    if (!reported) warn(`rate limit: Redis is not reachable (${error.message}); counting in this process meanwhile`);
    reported = true;
  });
  redis.on("ready", () => (reported = false));
  return new RateLimiter(limit, redis);
}
