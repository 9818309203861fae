import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintDemoToken, type TokenRequest } from "../../gateway/devTokens.js";
import { isPostgres } from "../../subgraphs/common/database.js";
import { SUBGRAPH_NAMES, type SubgraphName } from "../../subgraphs/common/subgraph.js";
import { customersOf, partners } from "../helpers/demo.js";
import { CLIENT_SECRET, post, TEST_DEMO } from "../helpers/graph.js";
import { createTestDatabase } from "../helpers/postgres.js";
import { freePort, startScript } from "../helpers/processes.js";
import { settle, subscribe, type Subscriber } from "../helpers/subscriber.js";

/**
 * Scale-out: two gateway processes and two customers-subgraph processes on one database, with
 * Redis (127.0.0.1:6379) telling the customers replicas of each other's commits. The replicas'
 * database poll is set to ten minutes, so an event that arrives in seconds came through Redis.
 */
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const dir = mkdtempSync(join(tmpdir(), "partner-graph-replicas-"));
const children: ChildProcess[] = [];
let database: { url: string; drop(): Promise<void> } | null = null;
const gateways: string[] = [];
const open: Subscriber[] = [];

const [a] = partners as [(typeof partners)[0]];
const admin: TokenRequest = { role: "admin", partner: a.id };
const pool = customersOf(a).slice(40);

async function start(script: string, env: Record<string, string>): Promise<void> {
  const { child } = await startScript(script, env, /serving/, 120_000);
  children.push(child);
}

const query = async (gateway: string, text: string, as: TokenRequest = admin) =>
  post(`${gateway}/graphql`, { query: text }, { authorization: `Bearer ${await mintDemoToken(as, CLIENT_SECRET)}` });

/** A decision made through `gateway`: a switch request the customer rejects; returns its id. */
async function decide(gateway: string): Promise<string> {
  const customer = pool.shift()!;
  const target = customer.associationType === "RESALE" ? "CONSULTING_SALES" : "RESALE";
  const request = await query(gateway, `mutation { requestAssociationTypeSwitch(input: { customerId: "${customer.id}", targetType: ${target}, reason: "replicas" }) { id } }`);
  if (request.errors) throw new Error(JSON.stringify(request.errors));
  const id = request.data!.requestAssociationTypeSwitch.id as string;
  await query(gateway, `mutation { respondToAssociationSwitch(input: { requestId: "${id}", approve: false, comment: "${id}" }) { status } }`, { role: "customer", customer: customer.id });
  return id;
}

async function subscriber(gateway: string, variables: Record<string, unknown> = {}): Promise<Subscriber> {
  const s = subscribe(`${gateway.replace(/^http/, "ws")}/graphql`, await mintDemoToken(admin, CLIENT_SECRET), `subscription($after: String) { approvalResults(after: $after) { id comment cursor customer { id } } }`, variables);
  open.push(s);
  await settle(600);
  return s;
}

beforeAll(async () => {
  const server = process.env.DATABASE_URL;
  database = server && isPostgres(server) ? await createTestDatabase(server) : null;
  const ports = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await freePort()]))) as Record<SubgraphName, number>;
  const secondCustomers = await freePort();
  const url = (port: number) => `http://127.0.0.1:${port}/graphql`;
  const env = {
    DATA_DIR: dir,
    ...(database ? { DATABASE_URL: database.url } : {}),
    SEED_CUSTOMERS: String(TEST_DEMO.customers),
    SEED_MONTHS: String(TEST_DEMO.months),
    LOG_LEVEL: "info",
    REDIS_URL,
    APPROVAL_POLL_MS: "600000",
    RATE_LIMIT_PER_SECOND: "0",
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, url(ports[name])])),
  };
  // One after the other: the first customers replica migrates and seeds, the second finds it done.
  for (const name of SUBGRAPH_NAMES) await start(`subgraphs/${name}/index.js`, { ...env, [`${name.toUpperCase()}_PORT`]: String(ports[name]) });
  await start("subgraphs/customers/index.js", { ...env, CUSTOMERS_PORT: String(secondCustomers) });
  // Gateway 1 talks to customers replica 1, gateway 2 to replica 2.
  for (const customersUrl of [url(ports.customers), url(secondCustomers)]) {
    const port = await freePort();
    await start("gateway/index.js", { ...env, GATEWAY_PORT: String(port), CUSTOMERS_URL: customersUrl });
    gateways.push(`http://127.0.0.1:${port}`);
  }
}, 180_000);

afterAll(async () => {
  for (const s of open) await s.close();
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.map((child) => (child.exitCode !== null ? null : new Promise((resolve) => child.once("exit", resolve)))));
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe("approval results across replicas", () => {
  it("reach a subscriber on the other gateway and customers replica, once, through Redis", async () => {
    const [first, second] = gateways as [string, string];
    const there = await subscriber(second);
    const here = await subscriber(first);
    const id = await decide(first);
    const [event] = await there.received(1, 5000);
    expect(event!.data.approvalResults).toMatchObject({ id: expect.any(String), comment: id });
    await here.received(1, 5000);
    await settle(1000);
    expect(there.events.map((e) => e.data.approvalResults.comment)).toEqual([id]);
    expect(here.events.map((e) => e.data.approvalResults.comment)).toEqual([id]);
  });

  it("still replays from a cursor on either gateway", async () => {
    const [first, second] = gateways as [string, string];
    const history = await query(second, `{ approvalResults(last: 1) { edges { cursor } } }`);
    const cursor = history.data!.approvalResults.edges[0].cursor as string;
    const ids = [await decide(first), await decide(second)];
    const replayed = await subscriber(second, { after: cursor });
    const events = await replayed.received(2, 5000);
    expect(events.map((e) => e.data.approvalResults.comment)).toEqual(ids);
    const live = await subscriber(first, { after: events[1]!.data.approvalResults.cursor });
    const third = await decide(second);
    expect((await live.received(1, 5000))[0]!.data.approvalResults.comment).toBe(third);
  });
});
