import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { GATEWAY_ONLY_QUERY, SUBGRAPHS } from "../bench/gatewayOnly/subgraphs.js";
import { startFederation, type TestFederation } from "./federation.js";

/**
 * The `gateway only` benchmark's query (every subgraph, entities three levels deep, @requires
 * and @provides) answered by this gateway exactly as stock Apollo Gateway answers it on the same
 * supergraph and subgraphs: the benchmark compares equal work.
 */
let graph: TestFederation;
let apollo: ApolloServer;
beforeAll(async () => {
  graph = await startFederation(SUBGRAPHS);
  apollo = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: graph.supergraphSdl }) });
  await apollo.start();
});
afterAll(async () => {
  await apollo.stop();
  await graph.close();
});

it("answers the gateway-only benchmark's query as Apollo Gateway does", async () => {
  const ours = await graph.query(GATEWAY_ONLY_QUERY);
  const response = await apollo.executeOperation({ query: GATEWAY_ONLY_QUERY });
  const reference = response.body.kind === "single" ? response.body.singleResult : undefined;
  expect(reference?.errors).toBeUndefined();
  expect(ours.body.errors).toBeUndefined();
  expect(JSON.stringify(ours.body.data)).toBe(JSON.stringify(reference?.data));
  expect((ours.body.data!.users as unknown[]).length).toBe(10);
});
