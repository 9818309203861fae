import { createGatewayRuntime } from "@graphql-hive/gateway";
import { createClient as createSseClient } from "graphql-sse";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoActor, type TokenRequest } from "../../gateway/devTokens.js";
import { gatewayTokenSecret, signGatewayToken } from "../../common/gatewayToken.js";
import { PROJECT_ROOT } from "../../common/paths.js";
import { SUBGRAPH_NAMES } from "../../common/services.js";
import { customersOf, partners } from "../helpers/demo.js";
import { post, startGraph, type TestGraph } from "../helpers/graph.js";
import { listen } from "../../common/httpApp.js";
import { rejectedSwitch } from "../helpers/subscriber.js";

/**
 * Another engine on the same graph: Hive Gateway serves the committed
 * `schema/supergraph.graphql` unchanged (only the subgraphs' addresses differ, given as its
 * transport locations) in front of the real subgraphs. Hive Gateway does not verify our client
 * tokens or sign gateway tokens, so callers bring a gateway token and it passes it on: over
 * HTTP as a header, to the customers subgraph's WebSocket as the connection's authorization.
 */
let graph: TestGraph;
let hive: ReturnType<typeof createGatewayRuntime>;
let server: Server;
let url: string;

const [a, b] = partners as [(typeof partners)[0], (typeof partners)[0]];
const admin: TokenRequest = { role: "admin", partner: a.id };

beforeAll(async () => {
  graph = await startGraph();
  hive = createGatewayRuntime({
    supergraph: join(PROJECT_ROOT, "schema", "supergraph.graphql"),
    logging: "error",
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get("authorization") ?? "" }),
    },
    transportEntries: Object.fromEntries(
      SUBGRAPH_NAMES.map((name) => [
        name,
        {
          location: graph.subgraphs[name].graphqlUrl,
          // Subscriptions go to the subgraph over graphql-ws (Apollo Server's CSRF protection refuses Hive's HTTP attempt).
          options: {
            subscriptions: {
              kind: "ws",
              location: graph.subgraphs[name].graphqlUrl.replace(/^http/, "ws"),
              options: { connectionParams: { authorization: "{context.headers.authorization}" } },
            },
          },
        },
      ]),
    ),
  });
  server = createServer(hive);
  url = `${await listen(server, 0, "127.0.0.1")}/graphql`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await hive?.dispose();
  await graph?.close();
});

const authorization = async (as: TokenRequest) =>
  `Bearer ${await signGatewayToken(demoActor(as), gatewayTokenSecret())}`;
const viaHive = async (query: string, variables: Record<string, unknown> = {}, as = admin) =>
  post(url, { query, variables }, { authorization: await authorization(as) });
const viaOurs = (query: string, variables: Record<string, unknown> = {}, as = admin) =>
  graph.query(query, { variables, as });

describe("Hive Gateway on the committed supergraph", () => {
  it.each([
    [
      "a customer page across three subgraphs",
      `query($from: Date!, $to: Date!) { customers(first: 20, orderBy: { field: NAME, direction: ASC }) { totalCount pageInfo { hasNextPage endCursor } edges { node { id name associationType balance { amount currency } consumption(from: $from, to: $to) { total { amount } byMonth { billCycle amount { amount } } } manager { id name } } } } }`,
      { from: "2026-05-01", to: "2026-10-31" },
    ],
    [
      "the consumption dashboard",
      `query($from: Date!, $to: Date!) { consumptionDashboard(from: $from, to: $to) { total { amount } officialTotal { amount } byServiceType { serviceType amount { amount } } topCustomers(limit: 5) { total { amount } customer { id name } } } }`,
      { from: "2026-05-01", to: "2026-10-31" },
    ],
    [
      "the partner with its balances, incentives and staff",
      `{ partner { id name type balances { cash { amount } allocatable { amount } } incentives { claimable { amount } } staff { id name role } } }`,
      {},
    ],
    [
      "the original API's offset page",
      `{ customersPage(offset: 10, limit: 5) { totalCount items { id name associationType associatedAt } } }`,
      {},
    ],
    [
      "vouchers and approval results",
      `{ vouchers(first: 5) { totalCount edges { node { id faceValue { amount } customer { id name } } } } approvalResults(last: 3) { edges { node { kind status customer { id } } } } }`,
      {},
    ],
  ])("answers %s exactly as this gateway does", async (_, query, variables) => {
    const [theirs, ours] = await Promise.all([viaHive(query, variables), viaOurs(query, variables)]);
    expect(theirs.errors).toBeUndefined();
    expect(ours.errors).toBeUndefined();
    expect(theirs.data).toEqual(ours.data);
  });

  it("keeps partners apart and refuses what a role may not do, with the subgraphs' codes", async () => {
    const other = customersOf(b)[0]!;
    expect((await viaHive(`{ customer(id: "${other.id}") { id } }`)).data!.customer).toBeNull();
    const analyst = await viaHive(
      `mutation { allocateFunds(input: { customerId: "${customersOf(a)[0]!.id}", amount: "1.00", idempotencyKey: "hive-analyst" }) { id } }`,
      {},
      { role: "analyst", partner: a.id },
    );
    expect(analyst.errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });

  it("moves money once per idempotency key", async () => {
    const customer = customersOf(a).find((c) => c.associationType === "RESALE")!;
    const allocate = `mutation($input: FundTransferInput!) { allocateFunds(input: $input) { id amount { amount } } }`;
    const input = { customerId: customer.id, amount: "2.50", idempotencyKey: `hive-${Date.now()}` };
    const first = await viaHive(allocate, { input });
    const again = await viaHive(allocate, { input });
    expect(first.errors).toBeUndefined();
    expect(again.data).toEqual(first.data);
    const transfers = await viaOurs(`{ fundTransfers(first: 100) { edges { node { id } } } }`);
    expect(
      transfers.data!.fundTransfers.edges.filter(
        (e: { node: { id: string } }) => e.node.id === first.data!.allocateFunds.id,
      ),
    ).toHaveLength(1);
  });

  it("streams approval results to a subscriber, with fields of other subgraphs", async () => {
    const history = await viaOurs(`{ approvalResults(last: 1) { edges { cursor } } }`);
    const after = history.data!.approvalResults.edges[0].cursor as string;
    const client = createSseClient({ url, headers: { authorization: await authorization(admin) }, retryAttempts: 0 });
    const events: any[] = [];
    let failure: unknown;
    const stop = client.subscribe(
      {
        query: `subscription($after: String) { approvalResults(after: $after) { comment customer { id balance { amount } } } }`,
        variables: { after },
      },
      { next: (value) => events.push(value), error: (error) => (failure = error), complete: () => {} },
    );
    try {
      const customer = customersOf(a)
        .slice(60)
        .find((c) => c.associationType === "RESALE")!;
      const id = await rejectedSwitch((query, as) => viaOurs(query, {}, as), customer);
      const deadline = Date.now() + 10_000;
      while (!events.length && !failure && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(failure).toBeUndefined();
      expect(events[0].errors).toBeUndefined();
      expect(events[0].data.approvalResults).toMatchObject({
        comment: id,
        customer: { id: customer.id, balance: { amount: expect.stringMatching(/^\d+\.\d\d$/) } },
      });
    } finally {
      stop();
      client.dispose();
    }
  });
});
