import { composeServices } from "@apollo/composition";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import { graphql, parse } from "graphql";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listen } from "../../common/httpApp.js";
import { createLogger } from "../../common/logger.js";
import { readSettings } from "../../common/settings.js";
import { createGateway, type RunningGateway } from "../../gateway/createGateway.js";
import type { PlannerKind } from "../../gateway/graph.js";
import { DEFAULT_LIMITS } from "../../gateway/limits.js";

/** A small subgraph of a test: its SDL (federation 2) and resolvers. */
export interface TestSubgraph {
  name: string;
  typeDefs: string;
  resolvers: GraphQLResolverMap<unknown>;
  /** The federation `@link` it starts with (default: LINK). */
  link?: string;
}

export interface TestFederation {
  /** Sends one operation to the gateway over HTTP; the status and the parsed body. */
  query(query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: ExecutionBody }>;
  /** The composed supergraph the gateway serves. */
  supergraphSdl: string;
  /** The operations each subgraph received, in order. */
  received: Record<string, { query: string; variables?: Record<string, unknown> }[]>;
  close(): Promise<void>;
}

export interface ExecutionBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** The federation link every test subgraph starts with. */
export const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@external", "@requires", "@provides", "@shareable", "@interfaceObject", "@inaccessible"])`;

/**
 * Serves each subgraph on a loopback port (graphql-js over HTTP), composes their supergraph as
 * `npm run compose` does, and starts this gateway on it without client tokens: a federation
 * semantics checked end to end, with nothing of the partner center's schema.
 */
export async function startFederation(subgraphs: TestSubgraph[], planner?: PlannerKind): Promise<TestFederation> {
  const servers: Server[] = [];
  const received: TestFederation["received"] = {};
  const services = [];
  for (const subgraph of subgraphs) {
    const typeDefs = parse(`${subgraph.link ?? LINK}\n${subgraph.typeDefs}`);
    const schema = buildSubgraphSchema({ typeDefs, resolvers: subgraph.resolvers });
    const calls: TestFederation["received"][string] = (received[subgraph.name] = []);
    const server = createServer(async (request, response) => {
      let text = "";
      for await (const chunk of request) text += chunk;
      const { query, variables, operationName } = JSON.parse(text);
      calls.push({ query, variables });
      const result = await graphql({ schema, source: query, variableValues: variables, operationName });
      response.setHeader("content-type", "application/json").end(JSON.stringify(result));
    });
    servers.push(server);
    const url = `${await listen(server, 0, "127.0.0.1")}/graphql`;
    services.push({ name: subgraph.name, url, typeDefs });
  }
  const composed = composeServices(services);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join("\n"));
  const supergraphPath = join(mkdtempSync(join(tmpdir(), "federation-")), "supergraph.graphql");
  writeFileSync(supergraphPath, composed.supergraphSdl);
  const gateway: RunningGateway = await createGateway({
    supergraphPath,
    port: 0,
    auth: { key: new TextEncoder().encode("federation tests"), required: false },
    gatewayTokenSecret: new TextEncoder().encode("federation tests' gateway"),
    rateLimit: null,
    // Test subgraphs page nothing: their lists count 10 each, and a deep query costs more than a partner's would.
    limits: { ...DEFAULT_LIMITS, maxCost: 1_000_000 },
    logger: createLogger("gateway", { ...process.env, LOG_LEVEL: "silent" }),
    // `QUERY_PLANNER=apollo` shows which of these Apollo's planner gets wrong.
    queryPlanner: planner ?? readSettings().QUERY_PLANNER,
  });
  return {
    supergraphSdl: composed.supergraphSdl,
    received,
    async query(query, variables) {
      const response = await fetch(gateway.graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as ExecutionBody };
    },
    async close() {
      await gateway.close();
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  };
}
