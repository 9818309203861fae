import { SignJWT } from "jose";
import { join } from "node:path";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLAYGROUND_EXAMPLES } from "../../gateway/playground/examples.js";
import { loadTrustedDocuments } from "../../gateway/documents.js";
import { PROJECT_ROOT } from "../../common/paths.js";
import { Random } from "../../common/random.js";
import { customersOf, partners } from "../helpers/demo.js";
import { CLIENT_SECRET, startGraph, type TestGraph } from "../helpers/graph.js";

/**
 * Malformed input never crashes the graph: thousands of seeded mutations of real operations,
 * their variables (ids, cursors, dates, amounts), bodies and headers. Every answer is a
 * GraphQL response with coded errors (200 or 4xx), never a 5xx, an internal error, a hang or a
 * crash, and the graph answers normally afterwards.
 */

const REQUESTS = 3_000;
const CONCURRENCY = 8;
// A fixed seed keeps CI repeatable; FUZZ_SEED=anything explores other inputs locally.
const SEED = process.env.FUZZ_SEED ?? "fuzz-1";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const [a] = partners as [(typeof partners)[0]];
const customer = customersOf(a)[0]!;

/** Real operations to start from: the console's, the playground's, and mutations that move money. */
function baseOperations(): { query: string; variables: Record<string, unknown> }[] {
  const window = { from: "2026-05-01", to: "2026-10-31" };
  const console = [...loadTrustedDocuments(join(PROJECT_ROOT, "schema", "trusted-documents.json")).values()].map(
    (query) => ({
      query,
      variables: {
        first: 5,
        after: null,
        id: customer.id,
        ...window,
        input: {
          customerId: customer.id,
          amount: "1.00",
          idempotencyKey: "fuzz",
          targetType: "RESALE",
          reason: "fuzz",
        },
      },
    }),
  );
  return [
    ...console,
    ...PLAYGROUND_EXAMPLES.filter((e) => !e.query.includes("subscription")).map((e) => ({
      query: e.query,
      variables: e.variables ?? {},
    })),
    {
      query: `query($id: ID!, $from: Date!, $to: Date!, $n: Int) { customer(id: $id) { id consumptionRecords(first: $n, from: $from, to: $to) { edges { cursor node { id amount { amount } } } } } }`,
      variables: { id: customer.id, n: 3, ...window },
    },
    {
      query: `query($after: String, $before: String, $first: Int, $last: Int) { customers(first: $first, after: $after, last: $last, before: $before) { edges { cursor node { id } } } }`,
      variables: { first: 3 },
    },
    {
      query: `query($offset: Int!, $limit: Int!) { customersPage(offset: $offset, limit: $limit) { items { id } } }`,
      variables: { offset: 0, limit: 5 },
    },
    {
      query: `mutation($c: ID!, $amount: Decimal!, $key: String!) { allocateFunds(input: { customerId: $c, amount: $amount, idempotencyKey: $key }) { id amount { amount } } }`,
      variables: { c: customer.id, amount: "0.01", key: "fuzz-allocate" },
    },
    {
      query: `mutation($c: ID!, $v: Decimal!, $until: DateTime!) { issueVoucher(input: { customerId: $c, faceValue: $v, purchaseScope: ["ECS"], validUntil: $until, idempotencyKey: "fuzz-voucher" }) { id } }`,
      variables: { c: customer.id, v: "1.00", until: "2030-01-01T00:00:00Z" },
    },
    {
      query: `mutation($c: ID!, $rate: Decimal!) { setCustomerDiscount(input: { customerId: $c, rate: $rate }) { rate } }`,
      variables: { c: customer.id, rate: "0.95" },
    },
    {
      query: `mutation($name: String, $email: String, $type: AssociationType!, $message: String) { inviteCustomer(input: { accountName: $name, email: $email, associationType: $type, message: $message }) { id code status } }`,
      variables: { name: "fuzz_invitee", email: null, type: "RESALE", message: "fuzz" },
    },
    {
      query: `mutation($id: ID!, $accept: Boolean!) { respondToInvitation(input: { invitationId: $id, accept: $accept }) { id status } }`,
      variables: { id: customer.id, accept: true },
    },
    {
      query: `query($first: Int, $after: String, $status: InvitationStatus) { invitations(first: $first, after: $after, status: $status) { edges { cursor node { id status } } } myInvitations { id } }`,
      variables: { first: 3, after: null, status: "PENDING" },
    },
    {
      query: `mutation($c: ID!, $reason: String!, $code: String) { requestCustomerDissociation(input: { customerId: $c, reason: $reason, verificationCode: $code }) { id status effectiveAt } }`,
      variables: { c: customer.id, reason: "fuzz", code: null },
    },
    {
      query: `mutation($id: ID!, $comment: String) { cancelDissociationRequest(requestId: $id, comment: $comment) { id status } }`,
      variables: { id: customer.id, comment: "fuzz" },
    },
    {
      query: `query($first: Int, $after: String, $status: DissociationRequestStatus) { dissociationRequests(first: $first, after: $after, status: $status) { edges { cursor node { id status filedBy } } } }`,
      variables: { first: 3, after: null, status: "PENDING" },
    },
    {
      query: `mutation($type: QuotaType!, $amount: Decimal!, $validity: Int!, $scope: [String!], $reason: String!) { applyForVoucherQuota(input: { type: $type, amount: $amount, validity: $validity, serviceTypes: $scope, reason: $reason }) { id status quota { id } } }`,
      variables: { type: "CASH_COUPON", amount: "10.00", validity: 3, scope: ["ECS"], reason: "fuzz" },
    },
    {
      query: `mutation($id: ID!, $approve: Boolean!, $comment: String) { reviewVoucherQuotaApplication(input: { applicationId: $id, approve: $approve, comment: $comment }) { id status } }`,
      variables: { id: customer.id, approve: false, comment: "fuzz" },
    },
    {
      query: `{ voucherQuotaApplications { id amount { amount } } pendingVoucherQuotaApplications { id } }`,
      variables: {},
    },
    {
      query: `query($cycle: String!, $first: Int, $after: String, $status: InvoiceStatus, $offset: Int, $limit: Int) { invoices(cycle: $cycle, first: $first, after: $after, status: $status) { edges { cursor node { id amount { amount } tax { amount } } } } invoicesPage(cycle: $cycle, offset: $offset, limit: $limit) { totalCount } }`,
      variables: { cycle: "2026-10", first: 3, after: null, status: "DRAFT", offset: 0, limit: 3 },
    },
    {
      query: `query($first: Int, $after: String) { myInvoices(first: $first, after: $after) { totalCount edges { cursor node { id billCycle } } } }`,
      variables: { first: 2, after: null },
    },
    {
      query: `mutation($cycle: String!) { prepareInvoices(cycle: $cycle) { cycle drafts issued } }`,
      variables: { cycle: "2026-09" },
    },
    {
      query: `mutation($id: ID!) { issueInvoice(invoiceId: $id) { id status } }`,
      variables: { id: customer.id },
    },
    {
      query: `query($from: Date!, $to: Date!) { consumptionDashboard(from: $from, to: $to) { byPayer { payer amount { amount } } } }`,
      variables: { from: "2026-10-01", to: "2026-10-31" },
    },
    {
      query: `query($period: String!) { partner { performance(period: $period) { closed } } }`,
      variables: { period: "2026-09" },
    },
  ];
}

const HOSTILE_VALUES: unknown[] = [
  null,
  "",
  " ",
  "x".repeat(10_000),
  -1,
  0,
  1.5,
  2 ** 53 + 1,
  1e308,
  -1e308,
  true,
  [],
  {},
  [[[[]]]],
  { a: { b: { c: null } } },
  "NaN",
  "Infinity",
  "1e400",
  "-0",
  "0.001",
  "1.005",
  "１００",
  "1,000.00",
  "¥100",
  "99999999999999999999999.99",
  "-100",
  "0x10",
  "2026-02-30",
  "2026-13-01",
  "0000-00-00",
  "9999-12-31T99:99:99Z",
  "2026-10-31T24:00:00+25:00",
  "yesterday",
  "2026-9",
  "' OR 1=1 --",
  '"; DROP TABLE vouchers; --',
  "../../etc/passwd",
  "%00",
  "\u0000",
  "\ud800",
  "\u202e",
  "😀".repeat(100),
  "<script>alert(1)</script>",
  "WyJ4Il0",
  "eyJ9",
  "bnVsbA",
  "WyJBU1NPQ0lBVEVEX0FUOkRFU0MiXQ",
  "=====",
  "00000000-0000-0000-0000-000000000000",
];

const NOISE = [
  "{",
  "}",
  "(",
  ")",
  "[",
  "]",
  ":",
  "$",
  "@",
  "!",
  '"',
  "\\",
  "...",
  "#",
  "\n",
  "\u0000",
  " ",
  "query",
  "fragment",
  "on",
  "__typename",
  "1e9",
  "'",
  "😀",
];

function mutateText(r: Random, text: string): string {
  const at = r.int(0, text.length);
  switch (r.int(0, 5)) {
    case 0:
      return text.slice(0, at) + text.slice(at + r.int(1, 20));
    case 1:
      return text.slice(0, at) + r.pick(NOISE) + text.slice(at);
    case 2:
      return text.slice(0, at);
    case 3: {
      const from = r.int(0, text.length);
      return text.slice(0, at) + text.slice(from, from + r.int(1, 40)) + text.slice(at);
    }
    case 4:
      return text.replace(
        /\b(first|limit|offset|last)\b/,
        r.pick(["first", "limit", "offset", "last", "after", "before", "nope"]),
      );
    default:
      return text.replace(/\$\w+/, `$${r.pick(["x", "id", "first", "after", "input"])}`);
  }
}

/** A real value turned into something close to it but wrong: a cursor with flipped characters, a truncated id. */
function mutateValue(r: Random, value: unknown): unknown {
  if (typeof value === "string" && value.length > 0 && r.chance(0.5)) {
    const at = r.int(0, value.length - 1);
    return r.chance(0.5)
      ? value.slice(0, at) + String.fromCharCode(r.int(32, 126)) + value.slice(at + 1)
      : value.slice(0, at);
  }
  return structuredClone(r.pick(HOSTILE_VALUES));
}

function mutateVariables(r: Random, variables: Record<string, unknown>, cursors: string[]): Record<string, unknown> {
  const mutated = structuredClone(variables) as Record<string, any>;
  const keys = Object.keys(mutated);
  for (let i = r.int(1, 3); i > 0; i--) {
    const key =
      keys.length && r.chance(0.8)
        ? r.pick(keys)
        : r.pick(["after", "before", "first", "last", "offset", "limit", "id", "amount", "from", "to"]);
    if (mutated[key] && typeof mutated[key] === "object" && !Array.isArray(mutated[key]) && r.chance(0.7)) {
      const inner = Object.keys(mutated[key]);
      const field = inner.length ? r.pick(inner) : "x";
      mutated[key][field] = mutateValue(r, mutated[key][field]);
    } else if (["after", "before"].includes(key) && r.chance(0.6)) {
      mutated[key] = mutateValue(r, r.pick(cursors));
    } else {
      mutated[key] = mutateValue(r, mutated[key]);
    }
  }
  return mutated;
}

interface FuzzRequest {
  headers: Record<string, string>;
  body: string;
  method?: string;
  search?: string;
}

async function hostileAuthorization(r: Random, token: string): Promise<string> {
  switch (r.int(0, 7)) {
    case 0:
      return token.slice(0, r.int(0, token.length));
    case 1:
      return `Bearer ${token.slice(0, -3)}abc`;
    case 2:
      return token; // no "Bearer "
    case 3:
      return `Bearer ${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"role":"admin"}').toString("base64url")}.`;
    case 4:
      return `Bearer ${await new SignJWT({ sub: "x", role: "admin", partner_id: a.id })
        .setProtectedHeader({ alg: "HS256" })
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(CLIENT_SECRET)}`;
    case 5:
      return `Bearer ${await new SignJWT({ sub: "x", role: r.pick(["root", "", "ADMIN", "service"]), partner_id: r.pick([a.id, "", "x", 5 as never]) }).setProtectedHeader({ alg: "HS256" }).setExpirationTime("5m").sign(CLIENT_SECRET)}`;
    case 6:
      return `Bearer ${"A".repeat(r.int(1, 9_000))}`;
    default:
      return `Basic ${Buffer.from("admin:admin").toString("base64")}`;
  }
}

async function generate(
  r: Random,
  bases: ReturnType<typeof baseOperations>,
  token: string,
  cursors: string[],
): Promise<FuzzRequest> {
  const base = r.pick(bases);
  const headers: Record<string, string> = { "content-type": "application/json", authorization: `Bearer ${token}` };
  let operation: Record<string, unknown> = { query: base.query, variables: base.variables };
  const kind = r.weighted([
    ["text", 3],
    ["variables", 4],
    ["both", 2],
    ["body", 1],
    ["headers", 1],
    ["get", 1],
  ] as const);
  if (kind === "text" || kind === "both") operation.query = mutateText(r, base.query);
  if (kind === "variables" || kind === "both") operation.variables = mutateVariables(r, base.variables, cursors);
  if (kind === "body") {
    operation = r.pick<Record<string, unknown>>([
      { query: 5 },
      { query: null },
      { query: base.query, variables: "{}" },
      { query: base.query, variables: [1] },
      { query: base.query, operationName: "Nope" },
      { query: base.query, operationName: 7 },
      { query: base.query, extensions: { persistedQuery: { version: 2, sha256Hash: "x" } } },
      { query: base.query, extensions: "yes" },
      { documentId: "sha256:zzz" },
      { query: `${base.query}\n${base.query}` },
    ]);
    if (r.chance(0.3))
      return {
        headers,
        body: r.pick(["", "null", "[]", "[null]", "{", '"query"', '{"query":"{ me { role } }"', "[1,2,3]", "\u0000"]),
      };
  }
  if (kind === "headers") {
    if (r.chance(0.6)) headers.authorization = await hostileAuthorization(r, token);
    if (r.chance(0.3))
      headers["content-type"] = r.pick([
        "application/json; charset=latin1",
        "application/json; charset=utf-16",
        "text/plain",
        "application/graphql",
        "application/json;;",
        "*/*",
      ]);
    if (r.chance(0.3))
      headers.accept = r.pick([
        "application/graphql-response+json",
        "text/html",
        "application/xml",
        "*/*;q=x",
        "application/json;q=0",
      ]);
    if (r.chance(0.3)) headers["x-request-id"] = r.pick(["", "x".repeat(500), "a b", "ok-id", "\t"]);
  }
  if (kind === "get") {
    const params = new URLSearchParams({
      query: String(operation.query),
      variables: r.chance(0.5) ? JSON.stringify(operation.variables) : "{not json",
    });
    if (r.chance(0.3))
      params.set("extensions", r.pick(["{", "[]", '{"persistedQuery":{"version":1,"sha256Hash":"abc"}}']));
    return {
      headers: { ...headers, "apollo-require-preflight": "true" },
      body: "",
      method: "GET",
      search: `?${params}`,
    };
  }
  return { headers, body: JSON.stringify(r.chance(0.05) ? [operation, operation] : operation) };
}

/** A request as a failure message shows it: the usual token left out. */
function shown(request: FuzzRequest, token: string): string {
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(([name, value]) => value !== `Bearer ${token}` && name !== "content-type"),
  );
  return `${request.method ?? "POST"} ${request.search ?? ""} ${JSON.stringify(headers).slice(0, 200)} ${request.body.slice(0, 500)}`;
}

/** What is wrong with one answer, or null. */
function problemWith(status: number, text: string): string | null {
  if (status >= 500) return `status ${status}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `not JSON (status ${status})`;
  }
  const results = Array.isArray(body) ? body : [body];
  for (const result of results as {
    data?: unknown;
    errors?: { message?: unknown; extensions?: { code?: unknown } }[];
  }[]) {
    if (!result || typeof result !== "object" || !("data" in result || "errors" in result))
      return "neither data nor errors";
    if (status >= 400 && !result.errors?.length) return `status ${status} without errors`;
    for (const error of result.errors ?? []) {
      if (typeof error.message !== "string") return "an error without a message";
      if (typeof error.extensions?.code !== "string") return `an error without a code: ${error.message}`;
      if (error.extensions.code === "INTERNAL_SERVER_ERROR") return `internal error: ${error.message}`;
    }
  }
  return null;
}

describe("malformed input", () => {
  it(`answers ${REQUESTS} mutated requests with coded GraphQL errors, never a 5xx, a hang or a crash`, async () => {
    const r = new Random(SEED);
    const token = await graph.token({ role: "admin", partner: a.id });
    const bases = baseOperations();
    const page = await graph.query(
      `{ customers(first: 20) { edges { cursor } } customersPage(limit: 1) { totalCount } }`,
      { token },
    );
    const cursors = page.data!.customers.edges.map((e: { cursor: string }) => e.cursor);
    const requests: FuzzRequest[] = [];
    for (let i = 0; i < REQUESTS; i++) requests.push(await generate(r, bases, token, cursors));

    const problems: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const request = requests[next++]!;
        try {
          const response = await fetch(`${graph.gateway.graphqlUrl}${request.search ?? ""}`, {
            method: request.method ?? "POST",
            headers: request.headers,
            body: request.method === "GET" ? undefined : request.body,
            signal: AbortSignal.timeout(15_000),
          });
          const text = await response.text();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const problem = problemWith(response.status, text);
          if (problem)
            problems.push(`${problem}\n  request: ${shown(request, token)}\n  answer: ${text.slice(0, 300)}`);
        } catch (error) {
          problems.push(`${(error as Error).name}: ${(error as Error).message}\n  request: ${shown(request, token)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(problems.slice(0, 30)).toEqual([]);
    // The mix reached both sides: answered operations and refused ones.
    expect(statuses.get(200)).toBeGreaterThan(REQUESTS / 5);
    expect(statuses.get(400)).toBeGreaterThan(REQUESTS / 10);

    const after = await graph.query(`{ me { role } customers(first: 1) { totalCount } }`, { token });
    expect(after.errors).toBeUndefined();
    expect(after.data!.customers.totalCount).toBe(page.data!.customersPage.totalCount);
    // A hang is each request's own 15-second abort; the whole run only needs room on a busy machine.
  }, 120_000);

  it("survives malformed graphql-ws messages: the socket closes with a 44xx code or answers with errors, and the server stays up", async () => {
    const r = new Random(`${SEED}:ws`);
    const token = await graph.token({ role: "admin", partner: a.id });
    const messages = (): string[] => {
      const init = JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } });
      const subscribe = { id: "1", type: "subscribe", payload: { query: `subscription { approvalResults { id } }` } };
      return r.pick([
        ["not json"],
        [JSON.stringify({ type: "subscribe" })],
        [init, init],
        [init, JSON.stringify({ ...subscribe, id: 5 })],
        [init, JSON.stringify({ ...subscribe, payload: { query: mutateText(r, subscribe.payload.query) } })],
        [init, JSON.stringify({ ...subscribe, payload: { query: "{ me { role } }", variables: "x" } })],
        [init, JSON.stringify(subscribe), JSON.stringify(subscribe)],
        [init, JSON.stringify({ type: "complete", id: "nope" }), JSON.stringify({ type: "ping", payload: 5 })],
        [JSON.stringify({ type: "connection_init", payload: { authorization: r.pick(["", "Bearer x", 7, null]) } })],
        [
          init,
          JSON.stringify({
            ...subscribe,
            payload: { query: subscribe.payload.query, variables: { after: r.pick(HOSTILE_VALUES) } },
          }),
        ],
      ]);
    };
    for (let i = 0; i < 200; i++) {
      const socket = new WebSocket(graph.webSocketUrl, "graphql-transport-ws");
      const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
      await new Promise((resolve, reject) => {
        socket.once("open", resolve);
        socket.once("error", reject);
      });
      for (const message of messages()) socket.send(message);
      const code = await Promise.race([closed, new Promise<number>((resolve) => setTimeout(() => resolve(0), 150))]);
      if (code !== 0)
        expect([1000, 4400, 4401, 4403, 4409, 4429, 4499].includes(code), `close code ${code}`).toBe(true);
      socket.close();
      await closed;
    }
    const after = await graph.query(`{ me { role } }`, { token });
    expect(after.data).toEqual({ me: { role: "ADMIN" } });
  });
});
