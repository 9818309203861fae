import { SignJWT } from "jose";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintToken } from "../../gateway/auth.js";
import type { RunningGateway } from "../../gateway/createGateway.js";
import { loadTrustedDocuments } from "../../gateway/documents.js";
import { PROJECT_ROOT } from "../../common/paths.js";
import { partners } from "../helpers/demo.js";
import { CLIENT_SECRET, startGraph, type TestGraph } from "../helpers/graph.js";
import { ask, TRANSPORTS, type Answer, type Operation, type Transport } from "../helpers/transports.js";

/**
 * Every admission rule against every transport: the same code, the right HTTP status (or
 * WebSocket close code), and no SQL statement in any subgraph. A rule that holds on one door
 * must hold on all of them.
 */
let graph: TestGraph;
const gateways: Record<"default" | "limited" | "trusted" | "production", RunningGateway> = {} as never;
const [a] = partners as [(typeof partners)[0]];

beforeAll(async () => {
  graph = await startGraph();
  gateways.default = graph.gateway;
  gateways.limited = await graph.gatewayWith({ rateLimit: { perSecond: 0.01, burst: 1 } });
  gateways.trusted = await graph.gatewayWith({
    trustedDocuments: loadTrustedDocuments(join(PROJECT_ROOT, "schema", "trusted-documents.json")),
  });
  gateways.production = await graph.gatewayWith({ introspection: false });
});
afterAll(() => graph?.close());

/** A client token of its own subject per transport and rule, so each has its own rate-limit window. */
const tokenFor = (subject: string, secret = CLIENT_SECRET) =>
  mintToken({ sub: subject, role: "analyst", partner_id: a.id }, secret);

async function expiredToken(): Promise<string> {
  return new SignJWT({ sub: "expired", role: "analyst", partner_id: a.id })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
    .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
    .sign(CLIENT_SECRET);
}

/** SQL statements the subgraphs have run for requests so far (background work not counted). */
async function statements(): Promise<number> {
  let total = 0;
  for (const name of Object.keys(graph.subgraphs)) total += await graph.statements(name as never);
  return total;
}

const ME = { query: `{ me { role } }` };
const deep = (levels: number) => `{ partner { staff { ${"supervisor { ".repeat(levels)}id${" }".repeat(levels)} } } }`;
const many = (n: number, field: (i: number) => string) =>
  `{ ${Array.from({ length: n }, (_, i) => field(i)).join(" ")} }`;

interface Row {
  rule: string;
  gateway?: keyof typeof gateways;
  operation: Operation;
  /** The token to send: a function of the transport (default: a valid analyst token). */
  token?: (transport: Transport) => Promise<string | undefined>;
  code: string;
  status: number;
  /** Refused for the whole request (a batch answers one error, a socket closes), not per operation. */
  wholeRequest?: boolean;
  /** Only these transports have the rule (others cannot break it). */
  only?: Transport[];
  extensions?: Record<string, unknown>;
}

const rows: Row[] = [
  {
    rule: "missing token",
    operation: ME,
    token: async () => undefined,
    code: "UNAUTHENTICATED",
    status: 401,
    wholeRequest: true,
  },
  {
    rule: "expired token",
    operation: ME,
    token: expiredToken,
    code: "UNAUTHENTICATED",
    status: 401,
    wholeRequest: true,
  },
  {
    rule: "forged token",
    operation: ME,
    token: () => tokenFor("forger", new TextEncoder().encode("not the graph's secret")),
    code: "UNAUTHENTICATED",
    status: 401,
    wholeRequest: true,
  },
  {
    rule: "rate limit",
    gateway: "limited",
    operation: ME,
    token: (transport) => tokenFor(`rate-${transport}`),
    code: "RATE_LIMITED",
    status: 429,
    wholeRequest: true,
  },
  {
    rule: "not in the trusted list",
    gateway: "trusted",
    operation: ME,
    code: "PERSISTED_QUERY_NOT_IN_LIST",
    status: 400,
  },
  {
    rule: "token limit",
    // Short tokens, so that it still fits in a GET request's URL (about 10 kB).
    operation: { query: `{ ${"a ".repeat(5_001)}}` },
    code: "GRAPHQL_PARSE_FAILED",
    status: 400,
  },
  {
    rule: "depth limit",
    operation: { query: deep(11) },
    code: "BAD_USER_INPUT",
    status: 400,
    extensions: { limit: "depth" },
  },
  {
    rule: "alias limit",
    operation: { query: many(31, (i) => `a${i}: partner { id }`) },
    code: "BAD_USER_INPUT",
    status: 400,
    extensions: { limit: "aliases" },
  },
  {
    rule: "directive limit",
    operation: { query: many(21, (i) => `a${i}: partner @include(if: true) { id }`) },
    code: "BAD_USER_INPUT",
    status: 400,
    extensions: { limit: "directives" },
  },
  {
    rule: "cost limit",
    operation: {
      query: `{ customers(first: 100) { edges { node { vouchers(first: 100) { edges { node { operations { kind } } } } } } } }`,
    },
    code: "BAD_USER_INPUT",
    status: 400,
    extensions: { limit: "cost" },
  },
  { rule: "syntax error", operation: { query: `{ me { role }` }, code: "GRAPHQL_PARSE_FAILED", status: 400 },
  {
    rule: "invalid document",
    operation: { query: `{ me { salary } }` },
    code: "GRAPHQL_VALIDATION_FAILED",
    status: 400,
  },
  {
    rule: "unknown operation name",
    operation: { query: `query Mine { me { role } }`, operationName: "Theirs" },
    code: "BAD_USER_INPUT",
    status: 400,
  },
  {
    rule: "malformed variables",
    operation: { query: `query($n: Int) { customers(first: $n) { totalCount } }`, variables: { n: "ten" } },
    code: "BAD_USER_INPUT",
    status: 400,
  },
  {
    // PostgreSQL cannot hold U+0000: refused at the door, not failed in a subgraph.
    rule: "NUL in a variable",
    operation: { query: `query($id: ID!) { customer(id: $id) { id } }`, variables: { id: "\u0000" } },
    code: "BAD_USER_INPUT",
    status: 400,
    extensions: { argument: "variables.id" },
  },
  {
    rule: "NUL in a literal",
    operation: { query: `{ customer(id: "a\\u0000") { id } }` },
    code: "BAD_USER_INPUT",
    status: 400,
    extensions: { argument: "query" },
  },
  {
    rule: "subscription on a door that cannot stream",
    operation: { query: `subscription { approvalResults { id } }` },
    code: "BAD_USER_INPUT",
    status: 400,
    only: ["post", "get", "batch"],
  },
  {
    rule: "introspection off in production",
    gateway: "production",
    operation: { query: `{ __schema { types { name } } }` },
    code: "GRAPHQL_VALIDATION_FAILED",
    status: 400,
  },
  {
    rule: "mutation over GET",
    operation: { query: `mutation { setVerificationCodes(enabled: false) { id } }` },
    code: "BAD_USER_INPUT",
    status: 405,
    only: ["get"],
  },
];

/** What a transport shows for a refusal: a socket closes for a refused caller and answers errors for an operation. */
function expectRefused(transport: Transport, row: Row, answer: Answer): void {
  if (transport === "websocket" && row.wholeRequest && row.code === "UNAUTHENTICATED") {
    expect(answer.close).toBe(4401);
    return;
  }
  expect(answer.data ?? undefined).toBeUndefined();
  expect(answer.errors?.[0]?.extensions).toMatchObject({ code: row.code, ...row.extensions });
  if (transport === "websocket") return;
  // In a batch, each operation is answered on its own (200); only a refused caller fails it whole.
  const status = transport === "batch" && !row.wholeRequest ? 200 : row.status;
  expect(answer.status).toBe(status);
  expect(answer.batched ?? false).toBe(transport === "batch" && !row.wholeRequest);
}

describe.each(TRANSPORTS)("admission over %s", (transport) => {
  it.each(rows.filter((row) => !row.only || row.only.includes(transport)))("refuses: $rule", async (row) => {
    const gateway = gateways[row.gateway ?? "default"];
    const token = row.token ? await row.token(transport) : await tokenFor(`matrix-${transport}`);
    // The rate-limit row spends the caller's one request first.
    if (row.code === "RATE_LIMITED")
      expect((await ask(transport, gateway.graphqlUrl, ME, token)).errors).toBeUndefined();
    const before = await statements();
    const answer = await ask(transport, gateway.graphqlUrl, row.operation, token);
    expectRefused(transport, row, answer);
    expect(await statements()).toBe(before);
  });

  it("admits a valid operation, which reaches the subgraphs", async () => {
    const before = await statements();
    const answer = await ask(
      transport,
      graph.gateway.graphqlUrl,
      { query: `{ customers(first: 2) { totalCount } }` },
      await tokenFor("ok"),
    );
    expect(answer.errors).toBeUndefined();
    expect((answer.data as { customers: { totalCount: number } }).customers.totalCount).toBeGreaterThan(0);
    expect(await statements()).toBeGreaterThan(before);
  });
});
