import { createClient as createSseClient } from "graphql-sse";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintToken } from "../../gateway/auth.js";
import type { TokenRequest } from "../../gateway/devTokens.js";
import { customersOf, partners, staffOf } from "../helpers/demo.js";
import { CLIENT_SECRET, startGraph, type TestGraph } from "../helpers/graph.js";
import { rejectedSwitch, settle, subscribe, type Subscriber } from "../helpers/subscriber.js";

let graph: TestGraph;
const open: Subscriber[] = [];
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(async () => {
  for (const subscriber of open) await subscriber.close();
  await graph?.close();
});

const [a, b] = partners as [(typeof partners)[0], (typeof partners)[0]];
const EVENTS = `subscription($after: String) { approvalResults(after: $after) { id kind status cursor comment customer { id } } }`;

/** Customers of partner A for decisions, each used once (the 3-month rule allows one switch each). */
const pool = customersOf(a).slice(20);
const poolB = customersOf(b).slice(20);

/** A decision on the next customer of the pool: a switch request the customer rejects; returns the request id. */
const decide = (customers = pool) => rejectedSwitch((query, as) => graph.query(query, { as }), customers.shift()!);

async function subscriber(
  query = EVENTS,
  variables: Record<string, unknown> = {},
  as: TokenRequest = { role: "admin", partner: a.id },
): Promise<Subscriber> {
  const s = subscribe(graph.webSocketUrl, await graph.token(as), query, variables);
  open.push(s);
  await settle();
  return s;
}

describe("approval results over WebSocket", () => {
  it("delivers an event with fields of three subgraphs", async () => {
    const s = await subscriber(
      `subscription { approvalResults { kind status decidedBy customer { id name balance { amount } consumption(from: "2026-05-01", to: "2026-10-31") { total { amount } } } } }`,
    );
    const id = await decide();
    const [event] = await s.received(1);
    expect(event!.errors).toBeUndefined();
    const result = event!.data.approvalResults;
    expect(result).toMatchObject({ kind: "ASSOCIATION_TYPE_SWITCH", status: "REJECTED", decidedBy: "CUSTOMER" });
    expect(result.customer.name).toMatch(/\*/);
    expect(result.customer.balance.amount).toMatch(/^\d+\.\d{2}$/);
    expect(result.customer.consumption.total.amount).toMatch(/^-?\d+\.\d{2}$/);
    expect(Object.keys(result)).not.toContain("__resumeCursor");
    expect(id).toBeTruthy();
  });

  it("replays everything after a history cursor in order, then continues live", async () => {
    const history = await graph.query(`{ approvalResults(last: 4) { edges { cursor node { id } } } }`, {
      as: { role: "admin", partner: a.id },
    });
    const edges = history.data!.approvalResults.edges;
    const s = await subscriber(EVENTS, { after: edges[0].cursor });
    const replayed = await s.received(3);
    expect(replayed.map((e) => e.data.approvalResults.id)).toEqual(
      edges.slice(1).map((e: { node: { id: string } }) => e.node.id),
    );
    const id = await decide();
    const [, , , live] = await s.received(4);
    expect(live!.data.approvalResults.comment).toBe(id);
    // The same replay asked again once the first has been sent events: all of them again, not a share of what is left.
    const again = await subscriber(EVENTS, { after: edges[0].cursor });
    expect((await again.received(4)).map((e) => e.data.approvalResults.id)).toEqual(
      (await s.received(4)).map((e) => e.data.approvalResults.id),
    );
  });

  it("loses nothing across a disconnect: resuming after the last cursor delivers the missed result once", async () => {
    const first = await subscriber();
    const one = await decide();
    const [event] = await first.received(1);
    expect(event!.data.approvalResults.comment).toBe(one);
    await first.close();
    const missed = await decide();
    const again = await subscriber(EVENTS, { after: event!.data.approvalResults.cursor });
    const [replayed] = await again.received(1);
    expect(replayed!.data.approvalResults.comment).toBe(missed);
    await settle(300);
    expect(again.events).toHaveLength(1);
  });

  it("survives a restart of the customers subgraph between two decisions, with no gap and no duplicate", async () => {
    const s = await subscriber();
    const one = await decide();
    await s.received(1);
    await graph.restart("customers");
    const two = await decide();
    const events = await s.received(2, 15_000);
    expect(events.map((e) => e.data.approvalResults.comment)).toEqual([one, two]);
    await settle(500);
    expect(s.events).toHaveLength(2);
    expect(s.errors).toEqual([]);
  });

  it("never delivers another partner's result, and a manager only their customers'", async () => {
    const other = await subscriber(EVENTS, {}, { role: "admin", partner: b.id });
    const managerId = staffOf(a, "manager")[0]!.id;
    const manager = await subscriber(EVENTS, {}, { role: "manager", partner: a.id, staff: managerId });
    await decide();
    await decide();
    const own = await decide(poolB);
    const [event] = await other.received(1);
    expect(event!.data.approvalResults.comment).toBe(own);
    await settle(300);
    expect(other.events).toHaveLength(1);
    const mine = new Set(
      customersOf(a)
        .filter((c) => c.managerId === managerId)
        .map((c) => c.id),
    );
    for (const e of manager.events) expect(mine.has(e.data.approvalResults.customer.id)).toBe(true);
  });

  it("delivers one event to 200 concurrent subscribers", async () => {
    const token = await graph.token({ role: "analyst", partner: a.id });
    // From the newest cursor: however late a subscription is set up, the next result is after it.
    const newest = (await graph.query(`{ approvalResults(last: 1) { pageInfo { endCursor } } }`, { token })).data!
      .approvalResults.pageInfo.endCursor;
    const many = Array.from({ length: 200 }, () =>
      subscribe(
        graph.webSocketUrl,
        token,
        `subscription($after: String) { approvalResults(after: $after) { id comment } }`,
        { after: newest },
      ),
    );
    open.push(...many);
    const id = await decide();
    const received = await Promise.all(many.map((s) => s.received(1, 20_000)));
    for (const [event] of received) expect(event!.data.approvalResults.comment).toBe(id);
  }, 60_000);

  it("shares one upstream stream among subscribers of the same actor and operation, a replay only before it has sent anything", async () => {
    const token = await graph.token({ role: "analyst", partner: a.id });
    const query = `subscription($after: String) { approvalResults(after: $after) { id comment customer { id balance { amount } } } }`;
    // What one decision costs the customers subgraph in SQL with `count` subscribers.
    const costWith = async (count: number, variables: Record<string, unknown>) => {
      const subscribers = Array.from({ length: count }, () => subscribe(graph.webSocketUrl, token, query, variables));
      open.push(...subscribers);
      await settle();
      const before = await graph.statements("customers");
      const id = await decide();
      for (const events of await Promise.all(subscribers.map((s) => s.received(1))))
        expect(events[0]!.data.approvalResults.comment).toBe(id);
      await settle(200);
      const cost = (await graph.statements("customers")) - before;
      for (const subscriber of subscribers) await subscriber.close();
      return cost;
    };
    const one = await costWith(1, {});
    // Each upstream stream reads the outbox once per event (and more): twelve streams would cost 11 reads more.
    expect(await costWith(12, {})).toBeLessThan(one + 3);
    const newest = (await graph.query(`{ approvalResults(last: 1) { pageInfo { endCursor } } }`, { token })).data!
      .approvalResults.pageInfo.endCursor;
    expect(await costWith(12, { after: newest })).toBeLessThan(one + 3);
  }, 30_000);

  it("runs queries and mutations over the socket too, and answers a malformed subscription with an error, keeping the socket", async () => {
    const client = createClient({
      url: graph.webSocketUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${await graph.token({ role: "admin", partner: a.id })}` },
    });
    const bad = await new Promise<unknown>((resolve) =>
      client.subscribe(
        { query: `subscription { approvalResults { noSuchField } }` },
        { next: resolve, error: resolve, complete: () => {} },
      ),
    );
    expect(JSON.stringify(bad)).toContain("noSuchField");
    const query = await new Promise<any>((resolve, reject) =>
      client.subscribe(
        { query: `{ partner { id } customers(first: 1) { totalCount } }` },
        { next: resolve, error: reject, complete: () => {} },
      ),
    );
    expect(query.data.partner.id).toBe(a.id);
    const mutation = await new Promise<any>((resolve, reject) =>
      client.subscribe(
        { query: `mutation { sendVerificationCode(action: DISSOCIATE_CUSTOMER) { action } }` },
        { next: resolve, error: reject, complete: () => {} },
      ),
    );
    expect(mutation.data.sendVerificationCode.action).toBe("DISSOCIATE_CUSTOMER");
    await client.dispose();
  });
});

describe("tokens on sockets", () => {
  const closeOf = (token: string | null) =>
    new Promise<{ code: number; reason: string }>((resolve) => {
      const client = createClient({
        url: graph.webSocketUrl,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
        on: {
          closed: (event) =>
            resolve({ code: (event as { code: number }).code, reason: (event as { reason: string }).reason }),
        },
      });
      client.subscribe({ query: EVENTS }, { next: () => {}, error: () => {}, complete: () => {} });
    });

  it("closes with 4401 and the reason for a missing or invalid token", async () => {
    expect(await closeOf(null)).toEqual({
      code: 4401,
      reason: expect.stringContaining("Unauthorized: Send `Authorization: Bearer"),
    });
    expect(await closeOf("not-a-token")).toEqual({ code: 4401, reason: expect.stringContaining("not valid") });
  });

  it("closes an open socket with 4401 when its token expires", async () => {
    const token = await mintToken(
      { sub: "x", role: "admin", partner_id: a.id, staff_id: staffOf(a, "admin")[0]!.id },
      CLIENT_SECRET,
      "2s",
    );
    const started = Date.now();
    const closed = await closeOf(token);
    expect(closed).toEqual({ code: 4401, reason: "Unauthorized: the token expired; reconnect with a fresh one." });
    expect(Date.now() - started).toBeGreaterThan(500);
  });
});

describe("approval results over Server-Sent Events", () => {
  it("delivers the same events to an HTTP-only client, replaying from a cursor", async () => {
    const token = await graph.token({ role: "admin", partner: a.id });
    const history = await graph.query(`{ approvalResults(last: 2) { edges { cursor node { id } } } }`, {
      as: { role: "admin", partner: a.id },
    });
    const edges = history.data!.approvalResults.edges;
    const client = createSseClient({
      url: `${graph.gateway.graphqlUrl}/stream`,
      headers: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const events: any[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const stop = client.subscribe(
        {
          query: `subscription($after: String) { approvalResults(after: $after) { id comment customer { balance { amount } } } }`,
          variables: { after: edges[0].cursor },
        },
        {
          next: (value) => {
            events.push(value);
            if (events.length === 2) {
              stop();
              resolve();
            }
          },
          error: reject,
          complete: () => {},
        },
      );
    });
    await settle();
    const id = await decide();
    await done;
    expect(events[0].data.approvalResults.id).toBe(edges[1].node.id);
    expect(events[1].data.approvalResults).toMatchObject({
      comment: id,
      customer: { balance: { amount: expect.any(String) } },
    });
    client.dispose();
  });

  it("refuses a stream without a token", async () => {
    const response = await fetch(`${graph.gateway.graphqlUrl}/stream`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ query: EVENTS }),
    });
    expect(response.status).toBe(401);
  });
});
