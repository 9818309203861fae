import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPartners } from "../../common/demo.js";
import { customers } from "../helpers/demo.js";
import { sql, startGraph, TEST_DEMO, type TestGraph } from "../helpers/graph.js";
import { eventually } from "../helpers/wait.js";

/** Every JSON line the services log, parsed. */
const lines: Record<string, any>[] = [];
const logs = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});

let graph: TestGraph;
const partner = demoPartners(TEST_DEMO.seed)[0]!;
const admin = { role: "admin", partner: partner.id };
const TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

beforeAll(async () => {
  graph = await startGraph({ logs });
});
afterAll(() => graph?.close());

async function send(query: string, headers: Record<string, string> = {}) {
  const token = await graph.token(admin);
  const response = await fetch(graph.gateway.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query }),
  });
  return {
    token,
    requestId: response.headers.get("x-request-id")!,
    body: (await response.json()) as { data?: any; errors?: any[] },
  };
}

describe("logs", () => {
  it("write one JSON line per operation in every service it reached, with one request id, the caller's trace and the actor as ids", async () => {
    const { token, requestId, body } = await send(
      `query CustomerPage { customers(first: 3) { edges { node { name balance { amount } manager { name } } } } }`,
      {
        traceparent: `00-${TRACE_ID}-b7ad6b7169203331-01`,
      },
    );
    expect(body.errors).toBeUndefined();
    const mine = await eventually<Record<string, any>[]>(async () => {
      const found = lines.filter((l) => l.requestId === requestId && l.msg === "operation");
      return found.length >= 4 ? found : undefined;
    });
    expect(new Set(mine.map((l) => l.service))).toEqual(new Set(["gateway", "customers", "billing", "partners"]));
    for (const line of mine) {
      expect(line).toMatchObject({ level: 30, traceId: TRACE_ID, actor: { role: "admin", partner: partner.id } });
      expect(typeof line.ms).toBe("number");
    }
    expect(mine.find((l) => l.service === "gateway")).toMatchObject({ operation: "CustomerPage" });
    // Never the token, never a customer's or a manager's name (masked or not).
    const text = JSON.stringify(lines);
    expect(text).not.toContain(token);
    expect(text).not.toMatch(/Bearer/);
    for (const edge of body.data.customers.edges) {
      expect(text).not.toContain(edge.node.name);
      expect(text).not.toContain(edge.node.manager.name);
    }
  });

  it("start a new trace when the caller sends none, and log an unexpected failure with its stack under the request id the client got", async () => {
    await sql(graph.subgraphs.billing.db, `ALTER TABLE vouchers RENAME TO vouchers_moved`);
    let answer;
    try {
      answer = await send(`query Vouchers { vouchers(first: 1) { totalCount } }`);
    } finally {
      await sql(graph.subgraphs.billing.db, `ALTER TABLE vouchers_moved RENAME TO vouchers`);
    }
    expect(answer.body.errors![0].extensions).toMatchObject({
      code: "INTERNAL_SERVER_ERROR",
      requestId: answer.requestId,
    });
    const failure = await eventually(async () =>
      lines.find((l) => l.requestId === answer.requestId && l.msg === "request failed"),
    );
    expect(failure).toMatchObject({ level: 50, service: "billing", actor: { role: "admin" } });
    expect(failure.err.stack).toMatch(/vouchers/);
    const gatewayLine = lines.find(
      (l) => l.requestId === answer.requestId && l.service === "gateway" && l.msg === "operation",
    )!;
    expect(gatewayLine).toMatchObject({ operation: "Vouchers", errors: ["INTERNAL_SERVER_ERROR"] });
    expect(gatewayLine.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(gatewayLine.traceId).not.toBe(TRACE_ID);
    expect(lines.find((l) => l.requestId === answer.requestId && l.service === "billing")!.traceId).toBe(
      gatewayLine.traceId,
    );
  });
});

describe("log levels", () => {
  /** Lines of one request id at error level or above (pino: 50 error, 60 fatal). */
  const failuresOf = (requestId: string) => lines.filter((l) => l.requestId === requestId && l.level >= 50);

  it("log a caller's mistakes at info with their code in every service, never as failures", async () => {
    const consulting = customers.find((c) => c.partnerId === partner.id && c.associationType === "CONSULTING_SALES")!;
    const mistakes = [
      { query: `query TooMany { customers(first: 1000) { totalCount } }`, code: "BAD_USER_INPUT" },
      { query: `query Wrong { me { salary } }`, code: "GRAPHQL_VALIDATION_FAILED" },
      // Funds go to resale customers only: a rule of the domain, refused inside billing.
      {
        query: `mutation Funds { allocateFunds(input: { customerId: "${consulting.id}", amount: "1.00", idempotencyKey: "log-levels" }) { id } }`,
        code: "PRECONDITION_FAILED",
      },
    ];
    for (const mistake of mistakes) {
      const { requestId, body } = await send(mistake.query);
      expect(body.errors![0].extensions.code).toBe(mistake.code);
      const line = await eventually(async () =>
        lines.find((l) => l.requestId === requestId && l.service === "gateway" && l.msg === "operation"),
      );
      expect(line).toMatchObject({ level: 30, errors: [mistake.code] });
      expect(failuresOf(requestId)).toEqual([]);
    }
    // A hash that does not match its text (APQ): the caller's mistake, no stack.
    const mismatch = await fetch(graph.gateway.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await graph.token(admin)}` },
      body: JSON.stringify({
        query: `{ me { role } }`,
        extensions: { persistedQuery: { version: 1, sha256Hash: "00" } },
      }),
    });
    expect(mismatch.status).toBe(400);
    const requestId = mismatch.headers.get("x-request-id")!;
    await eventually(async () => lines.find((l) => l.requestId === requestId && l.msg === "operation"));
    expect(failuresOf(requestId)).toEqual([]);
  });

  it("log a refusal inside a subgraph at info in the subgraph too", async () => {
    const analyst = await graph.token({ role: "analyst", partner: partner.id });
    const response = await fetch(graph.gateway.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${analyst}` },
      body: JSON.stringify({ query: `query Reveal { customers(first: 1) { edges { node { name(reveal: true) } } } }` }),
    });
    const requestId = response.headers.get("x-request-id")!;
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe("FORBIDDEN");
    const subgraphLine = await eventually(async () =>
      lines.find((l) => l.requestId === requestId && l.service === "customers" && l.msg === "operation"),
    );
    expect(subgraphLine).toMatchObject({ level: 30, errors: ["FORBIDDEN"] });
    expect(failuresOf(requestId)).toEqual([]);
  });
});

describe("metrics", () => {
  it("count operations by name and outcome, and subgraph calls by subgraph and outcome, with latency histograms", async () => {
    await send(`query Counted { customers(first: 1) { totalCount edges { node { balance { amount } } } } }`);
    await send(`query Counted { customers(first: 1) { totalCount } }`);
    await send(`query Refused { customers(first: 1000) { totalCount } }`);
    const text = await (await fetch(`${graph.gateway.url}/metrics`)).text();
    /** A sample's value, found by metric name and labels in any order. */
    const value = (name: string, labels: Record<string, string>) =>
      Number(
        text
          .split("\n")
          .find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)))
          ?.split(" ")
          .at(-1),
      );
    expect(value("graphql_operations_total", { operation: "Counted", outcome: "ok" })).toBe(2);
    expect(value("graphql_operations_total", { operation: "Refused", outcome: "error" })).toBe(1);
    expect(value("graphql_operation_duration_seconds_count", { operation: "Counted" })).toBe(2);
    expect(value("subgraph_requests_total", { subgraph: "billing", outcome: "ok" })).toBeGreaterThanOrEqual(1);
    expect(value("subgraph_request_duration_seconds_count", { subgraph: "customers" })).toBeGreaterThanOrEqual(3);
  });

  it("keep operation names a client makes up from growing the label set without bound", async () => {
    for (let i = 0; i < 5; i++) await send(`query Bad${"x".repeat(70)}${i} { customers(first: 1) { totalCount } }`);
    const text = await (await fetch(`${graph.gateway.url}/metrics`)).text();
    expect(text).not.toMatch(/Badxxxx/);
    expect(text).toMatch(/graphql_operations_total\{operation="other",outcome="ok",service="gateway"\} 5/);
  });
});
