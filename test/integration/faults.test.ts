import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createClient } from "graphql-ws";
import type { DataSource } from "typeorm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createGateway, type RunningGateway } from "../../gateway/createGateway.js";
import { openDatabase } from "../../subgraphs/common/database.js";
import { gatewayTokenSecret } from "../../common/gatewayToken.js";
import { createMetrics } from "../../common/metrics.js";
import { fenOf, minor } from "../../subgraphs/common/money.js";
import { PROJECT_ROOT } from "../../common/paths.js";
import { SUBGRAPH_NAMES, type SubgraphName } from "../../common/services.js";
import { customersOf, partners } from "../helpers/demo.js";
import { processDeployment, type ProcessDeployment } from "../helpers/deployment.js";
import { CLIENT_SECRET, post, sql } from "../helpers/graph.js";
import { eventually } from "../helpers/wait.js";
import { mintDemoToken, type TokenRequest } from "../../gateway/devTokens.js";

/**
 * Faults need real processes: the subgraphs run as `node dist/subgraphs/<name>/index.js`
 * (killed with SIGKILL, paused with SIGSTOP, started again on the same port and database);
 * the gateway runs in this process so the test can stop and start it.
 */
const TIMEOUT_MS = 1500;
let graph: ProcessDeployment;
const children = {} as Record<SubgraphName, ChildProcess>;
let gateway: RunningGateway;
let billingDb: DataSource;

const [a] = partners as [(typeof partners)[0]];
const admin = { role: "admin", partner: a.id };

async function startSubgraphProcess(name: SubgraphName): Promise<void> {
  children[name] = await graph.startSubgraph(name);
}

function kill(name: SubgraphName, signal: NodeJS.Signals): Promise<void> {
  const child = children[name];
  if (signal !== "SIGKILL") {
    child.kill(signal);
    return Promise.resolve();
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  return exited;
}

function startTheGateway(port = 0): Promise<RunningGateway> {
  return createGateway({
    supergraphPath: join(PROJECT_ROOT, "schema", "supergraph.graphql"),
    subgraphUrls: graph.urls,
    port,
    auth: { key: CLIENT_SECRET, required: true },
    gatewayTokenSecret: gatewayTokenSecret(),
    rateLimit: null,
    subgraphCalls: { timeoutMs: TIMEOUT_MS, retries: 1 },
  });
}

async function query(text: string, variables: Record<string, unknown> = {}, as: TokenRequest = admin) {
  return post(
    gateway.graphqlUrl,
    { query: text, variables },
    { authorization: `Bearer ${await mintDemoToken(as, CLIENT_SECRET)}` },
  );
}

beforeAll(async () => {
  graph = await processDeployment();
  // One after the other: on PostgreSQL they share a database and migrate their own schemas.
  for (const name of SUBGRAPH_NAMES) await startSubgraphProcess(name);
  gateway = await startTheGateway();
  billingDb = await openDatabase({
    service: "billing",
    url: graph.databaseUrl ?? join(graph.dir, "billing.sqlite"),
    entities: [],
    migrations: [],
    statements: createMetrics("test").sqlStatements,
  });
}, 180_000);

afterAll(async () => {
  await gateway?.close();
  await billingDb?.destroy();
  await graph?.stop();
});

const PAGE = `{ customers(first: 3) { edges { node { id associationType balance { amount } } } } }`;

describe("a subgraph that fails", () => {
  it("killed: partial data and an error naming it; the gateway stays up and recovers when it returns, without a restart", async () => {
    expect((await query(PAGE)).errors).toBeUndefined();
    await kill("billing", "SIGKILL");

    const partial = await query(PAGE);
    expect(partial.status).toBe(200);
    expect(partial.data!.customers.edges).toHaveLength(3);
    for (const edge of partial.data!.customers.edges)
      expect(edge.node).toMatchObject({ id: expect.any(String), associationType: expect.any(String), balance: null });
    expect(partial.errors![0]).toMatchObject({
      message: expect.stringContaining("billing service is not reachable"),
      extensions: { code: "INTERNAL_SERVER_ERROR", serviceName: "billing" },
    });
    expect(JSON.stringify(partial.errors)).not.toContain(String(graph.ports.billing));
    const ready = await fetch(`${gateway.url}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({
      status: "not ready",
      reason: "subgraphs not answering: billing",
      subgraphs: ["billing"],
    });

    await startSubgraphProcess("billing");
    const healed = await query(PAGE);
    expect(healed.errors).toBeUndefined();
    expect(healed.data!.customers.edges[0].node.balance.amount).toMatch(/^\d+\.\d\d$/);
    expect((await fetch(`${gateway.url}/ready`)).status).toBe(200);
  });

  it("not answering: the call times out after the configured time with an error naming it, and the rest of the answer comes", async () => {
    await kill("billing", "SIGSTOP");
    try {
      const started = performance.now();
      const slow = await query(PAGE);
      const took = performance.now() - started;
      expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(slow.data!.customers.edges).toHaveLength(3);
      expect(slow.errors![0]).toMatchObject({
        message: expect.stringContaining("billing service did not answer in time"),
        extensions: { serviceName: "billing" },
      });
    } finally {
      await kill("billing", "SIGCONT");
    }
    expect((await query(PAGE)).errors).toBeUndefined();
  });
});

describe("billing killed with SIGKILL during a burst of idempotent fund allocations", () => {
  it("after its restart and the clients' retries, every transfer happened exactly once and every ledger sums exactly", async () => {
    const ALLOCATE = `mutation($input: FundTransferInput!) { allocateFunds(input: $input) { id idempotencyKey amount { amount } } }`;
    const resale = customersOf(a)
      .filter((c) => c.associationType === "RESALE")
      .slice(0, 10);
    const ledger = async () => {
      const [account] = await sql(billingDb, `SELECT cash FROM partner_accounts WHERE partner_id = ?`, [a.id]);
      const balances = await sql(
        billingDb,
        `SELECT customer_id AS "customerId", allocated FROM customer_balances WHERE partner_id = ?`,
        [a.id],
      );
      return {
        cash: minor(account.cash),
        allocated: new Map(balances.map((b) => [b.customerId as string, minor(b.allocated)])),
      };
    };
    const before = await ledger();
    const run = Date.now().toString(36);
    const burst = Array.from({ length: 60 }, (_, i) => ({
      customerId: resale[i % resale.length]!.id,
      amount: `${(i % 7) + 1}.${String(i).padStart(2, "0")}`,
      idempotencyKey: `fault-${run}-${i}`,
    }));
    const send = (input: (typeof burst)[number]) =>
      query(ALLOCATE, { input }).catch((error: Error) => ({
        status: 0,
        errors: [{ message: error.message }],
        data: undefined,
      }));

    // The burst goes out; billing dies under it.
    const first = burst.map((input) => send(input));
    await new Promise((resolve) => setTimeout(resolve, 30));
    await kill("billing", "SIGKILL");
    const answers = await Promise.all(first);
    const failed = burst.filter((_, i) => answers[i]!.errors);
    expect(failed.length).toBeGreaterThan(0); // the kill hit the burst

    // Billing comes back; every client retries what failed with the same key, until it lands.
    await startSubgraphProcess("billing");
    const ids = new Map<string, string>();
    burst.forEach((input, i) => answers[i]!.data && ids.set(input.idempotencyKey, answers[i]!.data!.allocateFunds.id));
    for (const input of failed) {
      const landed = await eventually(async () => (await send(input)).data?.allocateFunds);
      ids.set(input.idempotencyKey, landed.id);
    }
    // And a retry of one that had landed the first time is answered with the same transfer.
    const landedFirst = burst.find((input) => !failed.includes(input));
    if (landedFirst) expect((await send(landedFirst)).data!.allocateFunds.id).toBe(ids.get(landedFirst.idempotencyKey));

    const transfers = await sql(
      billingDb,
      `SELECT idempotency_key AS "key", id, amount, customer_id AS "customerId" FROM fund_transfers WHERE idempotency_key LIKE ?`,
      [`fault-${run}-%`],
    );
    expect(transfers).toHaveLength(burst.length);
    for (const transfer of transfers) expect(transfer.id).toBe(ids.get(transfer.key));
    const after = await ledger();
    const moved = burst.reduce((sum, input) => sum + fenOf(input.amount), 0n);
    expect(before.cash - after.cash).toBe(moved);
    for (const customer of resale) {
      const mine = burst
        .filter((input) => input.customerId === customer.id)
        .reduce((sum, input) => sum + fenOf(input.amount), 0n);
      expect(after.allocated.get(customer.id)! - before.allocated.get(customer.id)!).toBe(mine);
    }
  });
});

describe("graceful shutdown", () => {
  it("answers the requests under way before it stops, and closes sockets with a code clients reconnect on", async () => {
    const port = Number(new URL(gateway.url).port);
    const token = await mintDemoToken(admin, CLIENT_SECRET);
    const closes: number[] = [];
    let connections = 0;
    const client = createClient({
      url: gateway.graphqlUrl.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 20,
      retryWait: () => new Promise((resolve) => setTimeout(resolve, 200)),
      on: { connected: () => connections++, closed: (event) => closes.push((event as { code: number }).code) },
    });
    const events: unknown[] = [];
    client.subscribe(
      { query: `subscription { approvalResults { id } }` },
      { next: (e) => events.push(e), error: () => {}, complete: () => {} },
    );
    await eventually(async () => connections === 1 || undefined);

    // Requests held up in billing (paused) are under way when the gateway is told to stop.
    await kill("billing", "SIGSTOP");
    const underWay = Array.from({ length: 5 }, () => query(PAGE));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stopped = gateway.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await kill("billing", "SIGCONT");
    for (const answer of await Promise.all(underWay)) {
      expect(answer.status).toBe(200);
      expect(answer.errors).toBeUndefined();
    }
    await stopped;
    expect(closes[0]).toBe(1001); // "going away": graphql-ws clients retry it

    // A new gateway on the same address: the client is back without doing anything.
    gateway = await startTheGateway(port);
    await eventually(async () => connections === 2 || undefined, 15_000);
    await client.dispose();
  });
});
