import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { createServer, type Server } from "node:http";
import type { Actor } from "../subgraphs/common/actor.js";
import { signGatewayToken } from "../subgraphs/common/gatewayToken.js";
import { createHttpApp, listen } from "../subgraphs/common/httpApp.js";
import { createMetrics, type Metrics } from "../subgraphs/common/metrics.js";
import { authenticate, type AuthConfig } from "./auth.js";
import { supergraphFromFile } from "./supergraph.js";

export interface GatewayOptions {
  /** A federation-2 supergraph file; reloaded when it changes. */
  supergraphPath: string;
  /** Subgraph URLs that replace the supergraph's, by subgraph name. */
  subgraphUrls?: Partial<Record<string, string>>;
  port?: number;
  host?: string;
  auth: AuthConfig;
  gatewayTokenSecret: Uint8Array;
  log?: (message: string) => void;
  /** How often the supergraph file is checked for changes. */
  watchIntervalMs?: number;
}

export interface GatewayContext {
  actor: Actor;
  /** The token subgraphs trust, signed once per request and only if a subgraph is called. */
  subgraphToken(): Promise<string>;
}

export interface RunningGateway {
  url: string;
  graphqlUrl: string;
  httpServer: Server;
  metrics: Metrics;
  close(): Promise<void>;
}

/** Calls a subgraph with the gateway's own token instead of the client's. */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    if (context.subgraphToken) request.http?.headers.set("authorization", `Bearer ${await context.subgraphToken()}`);
  }
}

async function reachable(url: string): Promise<boolean> {
  const health = new URL("/health", url);
  return fetch(health, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
}

export async function createGateway(options: GatewayOptions): Promise<RunningGateway> {
  const log = options.log ?? console.log;
  const metrics = createMetrics("gateway");
  const routes = new Map<string, string>();
  let loaded = false;

  const gateway = new ApolloGateway({
    supergraphSdl: supergraphFromFile(options.supergraphPath, log, options.watchIntervalMs),
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls?.[name] ?? url!;
      routes.set(name, target);
      return new SubgraphDataSource({ url: target });
    },
  });
  gateway.onSchemaLoadOrUpdate(() => {
    loaded = true;
  });

  const app = createHttpApp(metrics, async () => {
    if (!loaded) return "the supergraph is not loaded yet";
    const down = [];
    for (const [name, url] of routes) if (!(await reachable(url))) down.push(name);
    return down.length ? `subgraphs not reachable: ${down.join(", ")}` : null;
  });
  const httpServer = createServer(app);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginLandingPageDisabled()],
    includeStacktraceInErrorResponses: process.env.NODE_ENV === "development",
  });
  await apollo.start();
  app.use(
    "/graphql",
    express.json({ limit: "1mb" }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const actor = await authenticate(req.headers.authorization, options.auth);
        let token: Promise<string> | undefined;
        return { actor, subgraphToken: () => (token ??= signGatewayToken(actor, options.gatewayTokenSecret)) };
      },
    }),
  );
  const url = await listen(httpServer, options.port ?? 4000, options.host ?? "127.0.0.1");
  return { url, graphqlUrl: `${url}/graphql`, httpServer, metrics, close: () => apollo.stop() };
}
