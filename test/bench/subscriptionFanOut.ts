import { createClient, type Client } from "graphql-ws";
import { performance } from "node:perf_hooks";
import WebSocket from "ws";
import { demoCustomers, demoPartners, DEFAULT_DEMO } from "../../common/demo.js";
import type { GraphProcess } from "./systems.js";
import { summary } from "./stats.js";

const post = async (url: string, token: string, query: string) =>
  (await (
    await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    })
  ).json()) as { data?: any; errors?: unknown[] };

/**
 * Fan-out latency: `subscribers` graphql-ws clients on one gateway subscribe to approval
 * results; each of `events` decisions is timed from the moment the deciding mutation returns
 * to each subscriber's receipt.
 */
export async function subscriptionFanOut(graph: GraphProcess, subscribers: number, events: number, customers: number) {
  const adminToken = await graph.token("admin");
  const analystToken = await graph.token("analyst");
  const newest = (await post(graph.url, analystToken, `{ approvalResults(last: 1) { pageInfo { endCursor } } }`)).data
    .approvalResults.pageInfo.endCursor;
  const received = new Map<string, number[]>();
  const clients: Client[] = [];
  const connectStart = performance.now();
  let ready = 0;
  for (let i = 0; i < subscribers; i++) {
    const client = createClient({
      url: graph.url.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${analystToken}` },
      retryAttempts: 0,
      on: { connected: () => ready++ },
    });
    client.subscribe(
      {
        query: `subscription($after: String) { approvalResults(after: $after) { comment customer { name } } }`,
        variables: { after: newest },
      },
      {
        next: (event) => {
          const id = (event.data as { approvalResults: { comment: string } }).approvalResults.comment;
          const list = received.get(id) ?? [];
          list.push(performance.now());
          received.set(id, list);
        },
        error: (error) => console.error("subscriber error", error),
        complete: () => {},
      },
    );
    clients.push(client);
  }
  while (ready < subscribers) await new Promise((resolve) => setTimeout(resolve, 50));
  const connectMs = performance.now() - connectStart;
  // Let every subscription reach the customers subgraph before timing events.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const partner = demoPartners(DEFAULT_DEMO.seed)[0]!;
  const pool = [...demoCustomers({ ...DEFAULT_DEMO, customers })].filter((c) => c.partnerId === partner.id);
  const latencies: number[] = [];
  let complete = 0;
  for (let e = 0; e < events; e++) {
    const customer = pool[e]!;
    const target = customer.associationType === "RESALE" ? "CONSULTING_SALES" : "RESALE";
    const requested = await post(
      graph.url,
      adminToken,
      `mutation { requestAssociationTypeSwitch(input: { customerId: "${customer.id}", targetType: ${target}, reason: "bench" }) { id } }`,
    );
    const id = requested.data.requestAssociationTypeSwitch.id as string;
    const customerToken = await graph.clientToken({ role: "customer", customer: customer.id });
    await post(
      graph.url,
      customerToken,
      `mutation { respondToAssociationSwitch(input: { requestId: "${id}", approve: false, comment: "${id}" }) { status } }`,
    );
    const decided = performance.now();
    const deadline = decided + 30_000;
    while ((received.get(id)?.length ?? 0) < subscribers && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 5));
    const times = received.get(id) ?? [];
    if (times.length === subscribers) complete++;
    latencies.push(...times.map((t) => t - decided));
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await Promise.all(clients.map((c) => c.dispose()));
  return {
    subscribers,
    events,
    eventsDeliveredToAll: complete,
    connectAllMs: Math.round(connectMs),
    latencyMs: summary(latencies),
  };
}
