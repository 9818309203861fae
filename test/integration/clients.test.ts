import { ApolloClient, ApolloLink, gql, HttpLink, InMemoryCache } from "@apollo/client";
import { Defer20220824Handler } from "@apollo/client/incremental";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { relayStylePagination } from "@apollo/client/utilities";
import { cacheExchange, Client as UrqlClient, fetchExchange, subscriptionExchange } from "@urql/core";
import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customersOf, partners } from "../helpers/demo.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";
import { rejectedSwitch, settle } from "../helpers/subscriber.js";
import { eventually } from "../helpers/wait.js";

/**
 * The graph through the client libraries frontends use, with their default transports: Apollo
 * Client (HTTP, multipart subscriptions, graphql-ws) and urql (fetch, SSE subscriptions,
 * graphql-ws).
 */
let graph: TestGraph;
let token: string;
const sockets: WsClient[] = [];
beforeAll(async () => {
  graph = await startGraph();
  token = await graph.token({ role: "admin", partner: a.id });
});
afterAll(async () => {
  for (const socket of sockets) await socket.dispose();
  await graph?.close();
});

const [a] = partners as [(typeof partners)[0]];
const pool = customersOf(a).slice(30);
const decide = () => rejectedSwitch((query, as) => graph.query(query, { as }), pool.shift()!);

const CUSTOMERS = gql`
  query Customers($first: Int!, $after: String) {
    customers(first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          id
          associationType
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
const PAGE = gql`
  query Page($offset: Int!, $limit: Int!) {
    customersPage(offset: $offset, limit: $limit) {
      totalCount
      items {
        id
      }
    }
  }
`;
const RESULTS = gql`
  subscription Results {
    approvalResults {
      id
      comment
      customer {
        id
        balance {
          amount
        }
      }
    }
  }
`;

/** The first `n` customer ids in the graph's own order, asked without a client library. */
async function firstIds(n: number): Promise<string[]> {
  const answer = await graph.query(`{ customers(first: ${n}) { edges { node { id } } } }`, { token });
  return answer.data!.customers.edges.map((e: { node: { id: string } }) => e.node.id);
}

function socket(): WsClient {
  const client = createWsClient({
    url: graph.webSocketUrl,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  sockets.push(client);
  return client;
}

/** The first event a subscription delivers after a decision is made. */
async function firstEvent(subscribe: (next: (value: any) => void, fail: (e: unknown) => void) => () => void) {
  let stop: () => void = () => {};
  const event = new Promise<any>((resolve, reject) => (stop = subscribe(resolve, reject)));
  await settle(600);
  const id = await decide();
  try {
    return { id, event: await event };
  } finally {
    stop();
  }
}

describe("Apollo Client", () => {
  const apollo = (link: ApolloLink) =>
    new ApolloClient({
      link,
      cache: new InMemoryCache({ typePolicies: { Query: { fields: { customers: relayStylePagination() } } } }),
    });
  const http = () => new HttpLink({ uri: graph.gateway.graphqlUrl, headers: { authorization: `Bearer ${token}` } });

  it("pages customers by cursor with relayStylePagination and fetchMore", async () => {
    const client = apollo(http());
    const watched = client.watchQuery({ query: CUSTOMERS, variables: { first: 5 } });
    const results: any[] = [];
    const subscription = watched.subscribe((result) => results.push(result));
    const edges = () => (results.at(-1)?.data?.customers?.edges ?? []).map((e: any) => e.node.id);
    try {
      await eventually(async () => (edges().length === 5 ? true : undefined));
      const endCursor = results.at(-1).data.customers.pageInfo.endCursor;
      await watched.fetchMore({ variables: { after: endCursor } });
      // The second page is merged after the first in the one cached list.
      await eventually(async () => (edges().length === 10 ? true : undefined));
      expect(edges()).toEqual(await firstIds(10));
    } finally {
      subscription.unsubscribe();
    }
  });

  it("reads an offset page", async () => {
    const { data } = await apollo(http()).query({ query: PAGE, variables: { offset: 5, limit: 5 } });
    expect((data as any).customersPage.items.map((c: { id: string }) => c.id)).toEqual((await firstIds(10)).slice(5));
  });

  it("subscribes over multipart HTTP, its default transport", async () => {
    const client = apollo(http());
    const { id, event } = await firstEvent((next, fail) => {
      const s = client.subscribe({ query: RESULTS }).subscribe({ next, error: fail });
      return () => s.unsubscribe();
    });
    expect(event.error).toBeUndefined();
    expect(event.data.approvalResults).toMatchObject({
      comment: id,
      customer: { balance: { amount: expect.any(String) } },
    });
  });

  it("replays from a cursor over multipart HTTP, then continues live", async () => {
    const history = await graph.query(`{ approvalResults(last: 2) { edges { cursor node { id } } } }`, { token });
    const [older, newer] = history.data!.approvalResults.edges;
    const client = apollo(http());
    const replay = gql`
      subscription Replay($after: String) {
        approvalResults(after: $after) {
          id
          comment
        }
      }
    `;
    const events: any[] = [];
    const s = client.subscribe({ query: replay, variables: { after: older.cursor } }).subscribe((e) => events.push(e));
    try {
      await eventually(async () => (events.length === 1 ? true : undefined));
      const id = await decide();
      await eventually(async () => (events.length === 2 ? true : undefined));
      expect(events.map((e) => e.data.approvalResults.id)[0]).toBe(newer.node.id);
      expect(events[1].data.approvalResults.comment).toBe(id);
    } finally {
      s.unsubscribe();
    }
  });

  it("subscribes over graphql-ws", async () => {
    const client = apollo(new GraphQLWsLink(socket()));
    const { id, event } = await firstEvent((next, fail) => {
      const s = client.subscribe({ query: RESULTS }).subscribe({ next, error: fail });
      return () => s.unsubscribe();
    });
    expect(event.data.approvalResults.comment).toBe(id);
  });

  it("gets a refused operation as an error it can read, with its code", async () => {
    const client = apollo(new HttpLink({ uri: graph.gateway.graphqlUrl }));
    const refused = await client.query({ query: CUSTOMERS, variables: { first: 5 } }).catch((error: unknown) => error);
    expect(JSON.stringify(refused)).toMatch(/UNAUTHENTICATED/);
  });
});

describe("@defer", () => {
  const DEFERRED = `query DeferredPage {
    customers(first: 3) {
      edges {
        node {
          id
          name
          ... @defer(label: "sums") {
            consumption(from: "2026-01-01", to: "2026-06-30") { total { amount } }
          }
        }
      }
    }
  }`;
  /** The same page without @defer: what the deferred parts must add up to. */
  const whole = async () =>
    (await graph.query(DEFERRED.replace('... @defer(label: "sums")', "..."), { token })).data!.customers.edges;

  it("answers a customer page first and its deferred consumption after, to Apollo Client (multipart HTTP)", async () => {
    const client = new ApolloClient({
      link: new HttpLink({ uri: graph.gateway.graphqlUrl, headers: { authorization: `Bearer ${token}` } }),
      cache: new InMemoryCache(),
      // Apollo Client 4 reads incremental answers through a handler of the protocol's version.
      incrementalHandler: new Defer20220824Handler(),
    });
    const results: any[] = [];
    const subscription = client
      .watchQuery({ query: gql(DEFERRED), fetchPolicy: "network-only" })
      .subscribe((result) => results.push(result));
    try {
      const done = await eventually(async () => {
        const last = results.at(-1);
        return last?.data?.customers?.edges?.[0]?.node?.consumption ? last : undefined;
      });
      const expected = await whole();
      const sums = (edges: any[]) => edges.map((e) => [e.node.id, e.node.consumption.total.amount]);
      expect(sums(done.data.customers.edges)).toEqual(sums(expected));
      // Before the deferred part arrived the page was there without consumption.
      const first = results.find((r) => r.data?.customers);
      expect(first.data.customers.edges[0].node.consumption).toBeUndefined();
      expect(first.data.customers.edges.map((e: any) => e.node.id)).toEqual(expected.map((e: any) => e.node.id));
    } finally {
      subscription.unsubscribe();
    }
  });

  it("sends the parts over graphql-ws and SSE, and the whole answer at once to a client that takes no stream", async () => {
    const parts: any[] = [];
    for await (const part of socket().iterate({ query: DEFERRED })) parts.push(part);
    expect(parts[0].hasNext).toBe(true);
    expect(parts[0].data.customers.edges[0].node.consumption).toBeUndefined();
    const incremental = parts.slice(1).flatMap((p) => p.incremental ?? []);
    expect(incremental.map((i: any) => i.path)).toEqual([0, 1, 2].map((i) => ["customers", "edges", i, "node"]));
    expect(incremental.every((i: any) => i.label === "sums")).toBe(true);
    expect(parts.at(-1).hasNext).toBe(false);
    const expected = await whole();
    expect(incremental.map((i: any) => i.data.consumption)).toEqual(expected.map((e: any) => e.node.consumption));
    // Server-Sent Events on /graphql: the same parts, one event each.
    const stream = await fetch(graph.gateway.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: DEFERRED }),
    });
    const events = (await stream.text())
      .split("\n")
      .filter((line) => line.startsWith("data: {"))
      .map((line) => JSON.parse(line.slice(6)));
    expect(events[0].hasNext).toBe(true);
    expect(events.flatMap((e) => e.incremental ?? []).map((i: any) => i.data.consumption)).toEqual(
      expected.map((e: any) => e.node.consumption),
    );
    // Plain JSON over HTTP: one answer with everything in place.
    const atOnce = await graph.query(DEFERRED, { token });
    expect(atOnce.data!.customers.edges).toEqual(expected);
  });

  it("streams the parts to urql (plain multipart/mixed), which merges them", async () => {
    const client = new UrqlClient({
      url: graph.gateway.graphqlUrl,
      exchanges: [fetchExchange],
      fetchOptions: { headers: { authorization: `Bearer ${token}` } },
    });
    const results: any[] = [];
    await new Promise<void>((resolve, reject) => {
      const { unsubscribe } = client.query(DEFERRED, {}).subscribe((result) => {
        results.push(result);
        if (result.error) reject(result.error);
        if (!result.hasNext) {
          resolve();
          setTimeout(() => unsubscribe());
        }
      });
    });
    expect(results.length).toBeGreaterThan(1);
    expect(results[0].data.customers.edges[0].node.consumption).toBeUndefined();
    const expected = await whole();
    const sums = (edges: any[]) => edges.map((e) => [e.node.id, e.node.consumption.total.amount]);
    expect(sums(results.at(-1).data.customers.edges)).toEqual(sums(expected));
  });

  it("refuses a deferred operation past the limits like any other, before a part is sent", async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: id`).join(" ");
    const response = await fetch(graph.gateway.graphqlUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "multipart/mixed;deferSpec=20220824,application/json",
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ query: `{ customers(first: 1) { edges { node { ... @defer { ${aliases} } } } } }` }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });
});

describe("urql", () => {
  const urql = () =>
    new UrqlClient({
      url: graph.gateway.graphqlUrl,
      exchanges: [cacheExchange, fetchExchange],
      fetchSubscriptions: true,
      fetchOptions: { headers: { authorization: `Bearer ${token}` } },
    });

  it("pages customers by cursor, and reads an offset page", async () => {
    const client = urql();
    const first = await client.query(CUSTOMERS, { first: 5 }).toPromise();
    expect(first.error).toBeUndefined();
    const after = first.data.customers.pageInfo.endCursor;
    const second = await client.query(CUSTOMERS, { first: 5, after }).toPromise();
    const ids = [...first.data.customers.edges, ...second.data.customers.edges].map((e: any) => e.node.id);
    expect(ids).toEqual(await firstIds(10));
    const page = await client.query(PAGE, { offset: 5, limit: 5 }).toPromise();
    expect(page.data.customersPage.items.map((c: { id: string }) => c.id)).toEqual(ids.slice(5));
  });

  it("subscribes over fetch (Server-Sent Events on /graphql), its default", async () => {
    const client = urql();
    const { id, event } = await firstEvent((next) => client.subscription(RESULTS, {}).subscribe(next).unsubscribe);
    expect(event.error).toBeUndefined();
    expect(event.data.approvalResults.comment).toBe(id);
  });

  it("subscribes over graphql-ws", async () => {
    const ws = socket();
    const client = new UrqlClient({
      url: graph.gateway.graphqlUrl,
      exchanges: [
        cacheExchange,
        fetchExchange,
        subscriptionExchange({
          forwardSubscription: (request) => ({
            subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? "" }, sink) }),
          }),
        }),
      ],
    });
    const { id, event } = await firstEvent((next) => client.subscription(RESULTS, {}).subscribe(next).unsubscribe);
    expect(event.data.approvalResults.comment).toBe(id);
  });
});
