import { describe, expect, it } from "vitest";
import { callerKey, rateLimitFromEnv, RateLimiter } from "../../gateway/rateLimit.js";

const refusal = (promise: Promise<void>) =>
  promise.then(
    () => null,
    (error: { extensions: Record<string, unknown> }) => error.extensions,
  );

describe("the rate limit", () => {
  it("lets a caller use its window, then refuses with RATE_LIMITED and when to retry", async () => {
    const limiter = new RateLimiter({ perSecond: 2, burst: 4 });
    for (let i = 0; i < 4; i++) await limiter.take("p:alice");
    const refused = await refusal(limiter.take("p:alice"));
    expect(refused).toMatchObject({ code: "RATE_LIMITED" });
    // A window of 4 requests every 2 s: the next is at most 2 s away.
    expect(refused!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused!.retryAfterSeconds).toBeLessThanOrEqual(2);
  });

  it("counts each caller on its own", async () => {
    const limiter = new RateLimiter({ perSecond: 1, burst: 1 });
    await limiter.take("p:alice");
    expect(await refusal(limiter.take("p:alice"))).toMatchObject({ code: "RATE_LIMITED" });
    expect(await refusal(limiter.take("p:bob"))).toBeNull();
  });

  it("counts every operation of a batch, and lets a batch larger than the window take the whole window", async () => {
    const limiter = new RateLimiter({ perSecond: 5, burst: 10 });
    await limiter.take("p:alice", 7);
    expect(await refusal(limiter.take("p:alice", 4))).toMatchObject({ code: "RATE_LIMITED" });
    const batches = new RateLimiter({ perSecond: 1, burst: 3 });
    expect(await refusal(batches.take("p:bob", 10))).toBeNull();
    expect(await refusal(batches.take("p:bob"))).toMatchObject({ code: "RATE_LIMITED" });
  });

  it("knows a caller by its token's subject within its partner, an anonymous one by its address", () => {
    expect(callerKey({ role: "admin", subject: "s-1", partnerId: "p-1", staffId: "s-1" }, "10.0.0.1")).toBe("p-1:s-1");
    expect(callerKey({ role: "customer", subject: "c-1", customerId: "c-1" }, "10.0.0.1")).toBe("customer:c-1");
    expect(callerKey({ role: "anonymous", subject: "anonymous" }, "10.0.0.1")).toBe("address:10.0.0.1");
  });

  it("reads its settings from the environment and refuses nonsense with the variable's name", () => {
    expect(rateLimitFromEnv({})).toEqual({ perSecond: 10, burst: 20 });
    expect(rateLimitFromEnv({ RATE_LIMIT_PER_SECOND: "0" })).toBeNull();
    expect(rateLimitFromEnv({ RATE_LIMIT_PER_SECOND: "50" })).toEqual({ perSecond: 50, burst: 100 });
    expect(() => rateLimitFromEnv({ RATE_LIMIT_PER_SECOND: "abc" })).toThrow(/RATE_LIMIT_PER_SECOND/);
    expect(() => rateLimitFromEnv({ RATE_LIMIT_BURST: "2.5" })).toThrow(/RATE_LIMIT_BURST/);
  });
});
