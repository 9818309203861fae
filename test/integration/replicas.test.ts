import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { mintToken } from "../../gateway/auth.js";
import { mintDemoToken, type TokenRequest } from "../../gateway/devTokens.js";
import { SUBGRAPH_NAMES } from "../../common/services.js";
import { customersOf, partners } from "../helpers/demo.js";
import { processDeployment, type ProcessDeployment } from "../helpers/deployment.js";
import { CLIENT_SECRET, post } from "../helpers/graph.js";
import { freePort } from "../helpers/processes.js";
import { rejectedSwitch, settle, subscribe, type Subscriber } from "../helpers/subscriber.js";

/**
 * Scale-out: two gateway processes and two customers-subgraph processes on one database, with
 * Redis (127.0.0.1:6379) telling the customers replicas of each other's commits. The replicas'
 * database poll is set to ten minutes, so an event that arrives in seconds came through Redis.
 */
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
let graph: ProcessDeployment;
const gateways: string[] = [];
const limited: string[] = [];
const open: Subscriber[] = [];

const [a] = partners as [(typeof partners)[0]];
const admin: TokenRequest = { role: "admin", partner: a.id };
const pool = customersOf(a).slice(40);

const query = async (gateway: string, text: string, as: TokenRequest = admin) =>
  post(`${gateway}/graphql`, { query: text }, { authorization: `Bearer ${await mintDemoToken(as, CLIENT_SECRET)}` });

/** A decision made through `gateway` on the next customer of the pool; returns the request id. */
const decide = (gateway: string) => rejectedSwitch((text, as) => query(gateway, text, as), pool.shift()!);

async function subscriber(gateway: string, variables: Record<string, unknown> = {}): Promise<Subscriber> {
  const s = subscribe(
    `${gateway.replace(/^http/, "ws")}/graphql`,
    await mintDemoToken(admin, CLIENT_SECRET),
    `subscription($after: String) { approvalResults(after: $after) { id comment cursor customer { id } } }`,
    variables,
  );
  open.push(s);
  await settle(600);
  return s;
}

beforeAll(async () => {
  graph = await processDeployment({ REDIS_URL, APPROVAL_POLL_MS: "600000", RATE_LIMIT_PER_SECOND: "0" });
  // One after the other: the first customers replica migrates and seeds, the second finds it done.
  for (const name of SUBGRAPH_NAMES) await graph.startSubgraph(name);
  const secondCustomers = await freePort();
  await graph.start("subgraphs/customers/index.js", { CUSTOMERS_PORT: String(secondCustomers) });
  // Gateway 1 talks to customers replica 1, gateway 2 to replica 2.
  for (const customersUrl of [graph.urls.customers, `http://127.0.0.1:${secondCustomers}/graphql`]) {
    const port = await freePort();
    await graph.start("gateway/index.js", { GATEWAY_PORT: String(port), CUSTOMERS_URL: customersUrl });
    gateways.push(`http://127.0.0.1:${port}`);
  }
  // Two more gateways with a rate limit of 4 requests a window, counted in Redis.
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    await graph.start("gateway/index.js", {
      GATEWAY_PORT: String(port),
      RATE_LIMIT_PER_SECOND: "0.05",
      RATE_LIMIT_BURST: "4",
    });
    limited.push(`http://127.0.0.1:${port}`);
  }
}, 180_000);

afterAll(async () => {
  for (const s of open) await s.close();
  await graph?.stop();
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

describe("the rate limit across gateway replicas", () => {
  it("counts one window per caller in Redis, whichever replica the requests reach", async () => {
    // A caller of its own in every run: Redis keeps the window between runs.
    const token = await mintToken(
      { sub: `replicas-${randomUUID()}`, role: "analyst", partner_id: a.id },
      CLIENT_SECRET,
    );
    const ask = (gateway: string) =>
      post(`${gateway}/graphql`, { query: `{ me { role } }` }, { authorization: `Bearer ${token}` });
    const [one, two] = limited as [string, string];
    // Four requests a window in all: two through each replica pass, the fifth is refused on both.
    for (const gateway of [one, two, one, two]) expect((await ask(gateway)).status).toBe(200);
    for (const gateway of [one, two]) {
      const refused = await ask(gateway);
      expect(refused.status).toBe(429);
      expect(refused.errors![0]!.extensions!.code).toBe("RATE_LIMITED");
    }
  });
});
