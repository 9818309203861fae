import { ROOT_CONTEXT } from "@opentelemetry/api";
import { SignJWT } from "jose";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Registry } from "prom-client";
import { SubgraphDataSource, type GatewayContext } from "../../gateway/dataSource.js";
import { createSubgraphFetcher, createSubgraphMetrics, timedOut } from "../../gateway/subgraphFetcher.js";
import { verifyGatewayToken } from "../../common/gatewayToken.js";
import { listen } from "../../common/httpApp.js";

/** A stand-in subgraph that counts calls and answers each after 50 ms, with the body it got. */
let server: Server;
let url: string;
let calls = 0;
let dropNext = false;
let dropped = 0;
beforeAll(async () => {
  server = createServer((request, response) => {
    // A body with "drop" loses its connection the first time it arrives (a restart, a closed socket).
    if (dropNext && request.url?.includes("drop")) {
      dropNext = false;
      dropped++;
      request.socket.destroy();
      return;
    }
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      calls++;
      setTimeout(
        () =>
          response
            .setHeader("content-type", "application/json")
            .end(JSON.stringify({ data: { echo: body, call: calls } })),
        body.includes("Slow") ? 2_500 : 50,
      );
    });
  });
  url = `${await listen(server, 0, "127.0.0.1")}/graphql`;
});
afterAll(() => {
  server.closeAllConnections(); // the fetchers keep connections alive for a minute
  return new Promise((resolve) => server.close(resolve));
});

const subgraphFetcher = createSubgraphFetcher();
/** A call as the data source makes it: a query may be shared and tried again, a mutation never. */
const send = (body: { query: string; variables?: object }, authorization = "Bearer a") =>
  subgraphFetcher(
    url,
    { headers: { "content-type": "application/json", authorization }, body: JSON.stringify(body) },
    body.query.startsWith("query"),
  );

describe("calls from the gateway to subgraphs", () => {
  it("shares one call among identical queries in flight", async () => {
    const before = calls;
    const query = { query: "query Q__customers__0{customers{id}}", variables: { a: 1 } };
    const answers = await Promise.all([send(query), send(query), send(query)]);
    expect(calls - before).toBe(1);
    const [first, second] = answers.map((a) => JSON.parse(a.bytes.toString()));
    expect(first).toEqual(second);
  });

  const dataSource = () =>
    new SubgraphDataSource("customers", url, createSubgraphFetcher(), createSubgraphMetrics(new Registry()));
  const context = {
    actor: { role: "anonymous", subject: "anonymous" },
    requestId: "r",
    trace: ROOT_CONTEXT,
    subgraphToken: async () => "t",
  } as unknown as GatewayContext;
  /** A fetch of a query plan as the executor makes it: read-only when the planner says it is a query. */
  const call = (source: SubgraphDataSource, query: string, readOnly = true) =>
    source.call({ query, variables: {} }, readOnly, context);

  it("gives every caller of a shared call its own parsed answer (the executor merges into it)", async () => {
    const before = calls;
    const source = dataSource();
    const ask = () => call(source, "query Q__customers__1{customers{id}}");
    const [first, second] = await Promise.all([ask(), ask()]);
    expect(calls - before).toBe(1);
    expect(first.data).toEqual(second.data);
    expect(first.data).not.toBe(second.data);
  });

  it("shares a query's call, never a mutation's, as the plan says which it is", async () => {
    const source = dataSource();
    const before = calls;
    await Promise.all([call(source, "{customers{id}}"), call(source, "{customers{id}}")]);
    expect(calls - before).toBe(1);
    const mutation = "mutation{allocateFunds{id}}";
    await Promise.all([call(source, mutation, false), call(source, mutation, false)]);
    expect(calls - before).toBe(3);
  });

  it("never shares between actors, variables, or mutations", async () => {
    const before = calls;
    const query = { query: "query Q{customers{id}}", variables: { a: 1 } };
    const mutation = { query: "mutation M{allocateFunds{id}}", variables: {} };
    await Promise.all([
      send(query),
      send(query, "Bearer b"),
      send({ ...query, variables: { a: 2 } }),
      send(mutation),
      send(mutation),
    ]);
    expect(calls - before).toBe(5);
  });

  it("calls again once the shared call has answered", async () => {
    const before = calls;
    const query = { query: "query Q{partner{id}}" };
    await send(query);
    await send(query);
    expect(calls - before).toBe(2);
  });
});

describe("remembered gateway tokens", () => {
  it("stop being accepted when they expire", async () => {
    const secret = new TextEncoder().encode("a secret for this test");
    // At least a whole second of life: `+ 1` left as little as a few ms on a busy machine, and the first check failed.
    const expiresAt = Math.floor(Date.now() / 1000) + 2;
    const token = await new SignJWT({ role: "analyst", sub: "s", partner_id: "p", staff_id: "s" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("partner-center-gateway")
      .setAudience("partner-center-subgraphs")
      .setExpirationTime(expiresAt)
      .sign(secret);
    expect((await verifyGatewayToken(`Bearer ${token}`, secret)).role).toBe("analyst");
    expect((await verifyGatewayToken(`Bearer ${token}`, secret)).role).toBe("analyst");
    await new Promise((resolve) => setTimeout(resolve, expiresAt * 1000 - Date.now() + 100));
    await expect(verifyGatewayToken(`Bearer ${token}`, secret)).rejects.toMatchObject({
      extensions: { code: "UNAUTHENTICATED" },
    });
    await expect(
      verifyGatewayToken(`Bearer ${token}`, new TextEncoder().encode("another secret")),
    ).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
  });

  it("tries a query again when it could not be sent, a mutation never", async () => {
    const drop = createSubgraphFetcher({ timeoutMs: 2000, retries: 1 });
    const sendTo = (body: { query: string; variables?: object }) =>
      drop(
        `${url}?drop`,
        { headers: { "content-type": "application/json", authorization: "Bearer a" }, body: JSON.stringify(body) },
        body.query.startsWith("query"),
      );
    dropNext = true;
    const before = calls;
    const answer = await sendTo({ query: "query Q__billing__1{x}", variables: {} });
    expect(answer.status).toBe(200);
    expect(dropped).toBe(1);
    expect(calls - before).toBe(1);

    dropNext = true;
    await expect(sendTo({ query: "mutation M__billing__0{allocateFunds}", variables: {} })).rejects.toThrow();
    expect(dropped).toBe(2);
    expect(calls - before).toBe(1);
  });

  it("gives up on a subgraph that does not answer within the timeout", async () => {
    // undici keeps its time limits to about half a second: a limit of 1 s against an answer in 2.5 s.
    const impatient = createSubgraphFetcher({ timeoutMs: 1_000, retries: 1 });
    const before = calls;
    const failure = await impatient(
      url,
      { headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "query Slow{x}" }) },
      true,
    ).catch((error: unknown) => error);
    // undici's own limit until the answer's headers: what the data source counts as a timeout.
    expect(failure).toMatchObject({ code: "UND_ERR_HEADERS_TIMEOUT" });
    expect(timedOut(failure)).toBe(true);
    // A timeout is not retried: the subgraph may be working on it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls - before).toBe(1);
  });
});
