import { createLogger } from "../../common/logger.js";
import { readSettings } from "../../common/settings.js";
import { createGateway, type RunningGateway } from "../../gateway/createGateway.js";
import type { PlannerKind } from "../../gateway/graph.js";
import { DEFAULT_LIMITS } from "../../gateway/limits.js";
import {
  serveSubgraph,
  writeSupergraph,
  type ServedSubgraph,
  type TestSubgraph as BaseSubgraph,
} from "../helpers/subgraphServer.js";

/** A small subgraph of a test; its `@link` is LINK unless it names its own. */
export type TestSubgraph = Omit<BaseSubgraph, "link"> & { link?: string };

export interface TestFederation {
  /** Sends one operation to the gateway over HTTP; the status and the parsed body. */
  query(query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: ExecutionBody }>;
  /** The gateway's /graphql, for a client of the test's own. */
  url: string;
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
  const received: TestFederation["received"] = {};
  const served: ServedSubgraph[] = [];
  for (const subgraph of subgraphs) {
    const calls: TestFederation["received"][string] = (received[subgraph.name] = []);
    served.push(await serveSubgraph({ link: LINK, ...subgraph }, 0, (call) => calls.push(call)));
  }
  const supergraph = writeSupergraph(served);
  const gateway: RunningGateway = await createGateway({
    supergraphPath: supergraph.path,
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
    url: gateway.graphqlUrl,
    supergraphSdl: supergraph.sdl,
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
      for (const { server } of served) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  };
}
