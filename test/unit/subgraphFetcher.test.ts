import { describe, expect, it } from "vitest";
import { createSubgraphFetcher, type Send } from "../../gateway/subgraphFetcher.js";

/** A stand-in for the network: each call takes the next behaviour, and the calls are counted. */
function network(...behaviours: ("ok" | "refused" | "reset" | "timeout" | "http-error")[]) {
  let calls = 0;
  const send: Send = async () => {
    const behaviour = behaviours[Math.min(calls++, behaviours.length - 1)];
    if (behaviour === "refused") throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    if (behaviour === "reset") throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    if (behaviour === "timeout") throw Object.assign(new Error("timed out"), { name: "TimeoutError" });
    return { status: behaviour === "http-error" ? 500 : 200, bytes: Buffer.from(`{"data":{"n":${calls}}}`) };
  };
  return { send, calls: () => calls };
}

const request = { headers: { authorization: "Bearer t" }, body: '{"query":"query Q{x}"}' };

describe("the subgraph fetcher's retry rule", () => {
  it("tries a query again when it could not be sent (refused, reset), up to the retries allowed", async () => {
    const net = network("refused", "reset", "ok");
    const fetch = createSubgraphFetcher({ timeoutMs: 1000, retries: 2 }, net.send);
    const answer = await fetch("http://billing", request, true);
    expect([answer.status, answer.bytes.toString()]).toEqual([200, '{"data":{"n":3}}']);
    expect(net.calls()).toBe(3);
  });

  it("gives up after the retries allowed", async () => {
    const net = network("refused");
    const fetch = createSubgraphFetcher({ timeoutMs: 1000, retries: 1 }, net.send);
    await expect(fetch("http://billing", request, true)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect(net.calls()).toBe(2);
  });

  it("never tries a mutation again: the subgraph may have acted on it", async () => {
    const net = network("reset", "ok");
    const fetch = createSubgraphFetcher({ timeoutMs: 1000, retries: 3 }, net.send);
    await expect(fetch("http://billing", request, false)).rejects.toMatchObject({ code: "ECONNRESET" });
    expect(net.calls()).toBe(1);
  });

  it("never tries again after a timeout or an answer, whatever its status", async () => {
    const timedOut = network("timeout", "ok");
    await expect(
      createSubgraphFetcher({ timeoutMs: 1000, retries: 3 }, timedOut.send)("http://b", request, true),
    ).rejects.toMatchObject({ name: "TimeoutError" });
    expect(timedOut.calls()).toBe(1);
    const failed = network("http-error", "ok");
    expect(
      (await createSubgraphFetcher({ timeoutMs: 1000, retries: 3 }, failed.send)("http://b", request, true)).status,
    ).toBe(500);
    expect(failed.calls()).toBe(1);
  });

  it("shares one call among identical queries in flight, and none among mutations", async () => {
    const net = network("ok");
    const fetch = createSubgraphFetcher({ timeoutMs: 1000, retries: 0 }, net.send);
    await Promise.all([fetch("http://b", request, true), fetch("http://b", request, true)]);
    expect(net.calls()).toBe(1);
    await Promise.all([fetch("http://b", request, false), fetch("http://b", request, false)]);
    expect(net.calls()).toBe(3);
  });
});
