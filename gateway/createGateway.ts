import compression from "compression";
import type { Request, RequestHandler, Response } from "express";
import { createServer, type Server } from "node:http";
import { signServiceToken } from "../common/gatewayToken.js";
import {
  answerTheRest,
  createHttpApp,
  listen,
  metricsOnPublicPort,
  observeRequest,
  pathOf,
  serveMetrics,
} from "../common/httpApp.js";
import { createLogger, type Logger } from "../common/logger.js";
import { createMetrics, type Metrics } from "../common/metrics.js";
import { Admission } from "./admission.js";
import { allowedOrigins, corsFor, webSocketOriginAllowed } from "./cors.js";
import type { AuthConfig } from "./auth.js";
import { SubgraphDataSource } from "./dataSource.js";
import { PersistedDocuments } from "./documents.js";
import { serveDownloads } from "./downloads.js";
import { FederatedGraph, type DataSourceFactory, type PlannerKind } from "./graph.js";
import { DEFAULT_LIMITS, type OperationLimits } from "./limits.js";
import { Pipeline } from "./pipeline.js";
import { servePlayground } from "./playground/servePlayground.js";
import { createRateLimiter, DEFAULT_RATE_LIMIT, type RateLimit } from "./rateLimit.js";
import { createSubgraphFetcher, createSubgraphMetrics, type SubgraphCallOptions } from "./subgraphFetcher.js";
import { FederatedSubscriptions } from "./subscriptions.js";
import { watchSupergraph } from "./supergraph.js";
import { GRAPHQL_PATHS, serveGraphQLOverHttp, type Middleware } from "./transports/http.js";
import { serveWebSockets } from "./transports/webSocket.js";

export interface GatewayOptions {
  /** A federation-2 supergraph file; reloaded when it changes. */
  supergraphPath: string;
  /** Subgraph URLs that replace the supergraph's, by subgraph name. */
  subgraphUrls?: Partial<Record<string, string>>;
  /** A path each subgraph answers GET on when healthy (`/health`); unset, `/ready` asks each a GraphQL `{ __typename }`. */
  subgraphHealthPath?: string;
  port?: number;
  host?: string;
  /** A port of its own for `/metrics` (0: any free one); unset, the public port serves them, except in production. */
  metricsPort?: number;
  auth: AuthConfig;
  gatewayTokenSecret: Uint8Array;
  /** Where the gateway logs (default: JSON lines on stdout, see `createLogger`). */
  logger?: Logger;
  /** Timeout and retries of subgraph calls (default: DEFAULT_SUBGRAPH_CALLS). */
  subgraphCalls?: SubgraphCallOptions;
  /** How often the supergraph file is checked for changes. */
  watchIntervalMs?: number;
  /** Offer demo identities in the playground (development only; default: NODE_ENV is not production). */
  playgroundDevelopment?: boolean;
  /** What one operation may ask of the graph (default: DEFAULT_LIMITS). */
  limits?: OperationLimits;
  /** Requests per caller; null turns the limit off (default: DEFAULT_RATE_LIMIT). */
  rateLimit?: RateLimit | null;
  /** Redis shared by the gateway's replicas: one rate-limit count per caller across all of them. */
  redisUrl?: string;
  /** Schema introspection (default: on unless NODE_ENV is production). */
  introspection?: boolean;
  /** Trusted-documents mode: only these operations (manifest id → text) run. */
  trustedDocuments?: Map<string, string>;
  /** Origins of pages elsewhere that may call the graph (CORS); none by default. */
  corsOrigins?: string[];
  /** The graph's URL as clients reach it, when a proxy stands before it; download links start with it. */
  publicUrl?: string;
  /** Whose planner makes query plans (default: Hive Router's). */
  queryPlanner?: PlannerKind;
}

export interface RunningGateway {
  url: string;
  graphqlUrl: string;
  httpServer: Server;
  metrics: Metrics;
  /** Where `/metrics` is served apart, when `metricsPort` was given. */
  metricsUrl?: string;
  close(): Promise<void>;
}

/** What a readiness probe asks a subgraph: any GraphQL server answers it. */
const PROBE = JSON.stringify({ query: "query ReadinessProbe { __typename }" });

/**
 * Whether a subgraph answers: a GET of `healthPath` on its origin answering 2xx when one is
 * set (SUBGRAPH_HEALTH_PATH), else a GraphQL probe to its URL answering data. The probe
 * carries the gateway's token, as every call does: this graph's subgraphs answer nothing
 * else, and others ignore it.
 */
async function answers(url: string, healthPath: string | undefined, token: () => Promise<string>): Promise<boolean> {
  const signal = AbortSignal.timeout(1000);
  try {
    if (healthPath) {
      const health = await fetch(new URL(healthPath, url), { signal });
      await health.body?.cancel(); // only the status counts; the connection is free again at once
      return health.ok;
    }
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await token()}` },
      body: PROBE,
      signal,
    });
    const body = (await response.json()) as { data?: { __typename?: unknown } };
    return response.ok && typeof body.data?.__typename === "string";
  } catch {
    return false;
  }
}

/** Content types that stream: compressing them would hold each event back until a buffer fills. */
const STREAMS = /^(multipart\/mixed|text\/event-stream)/;

/**
 * brotli or gzip (as the client accepts) for answers over 1 kB: JSON, the CSV export, certificates.
 * Streams stay as they are, and the playground's assets are compressed once when built. A
 * client that accepts no encoding (most server-to-server callers) skips the middleware, which
 * would otherwise wrap every answer's write and headers for nothing.
 */
function compressAnswers(): RequestHandler {
  const compress = compression({
    threshold: 1024,
    filter: (request: Request, response: Response) =>
      !STREAMS.test(String(response.getHeader("content-type") ?? "")) && compression.filter(request, response),
  });
  return (request, response, next) => (request.headers["accept-encoding"] ? compress(request, response, next) : next());
}

/**
 * The gateway: one loaded graph (reloaded with its supergraph file), one pipeline every
 * transport calls (HTTP, graphql-ws, Server-Sent Events, downloads), and the routes beside it.
 */
export async function createGateway(options: GatewayOptions): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger("gateway");
  const log = (message: string) => logger.info(message);
  const metrics = createMetrics("gateway");
  const subgraphMetrics = createSubgraphMetrics(metrics.registry);
  const fetcher = createSubgraphFetcher(options.subgraphCalls);
  const dataSourceOf: DataSourceFactory = (name, supergraphUrl) => {
    const url = options.subgraphUrls?.[name] ?? supergraphUrl;
    return { url, dataSource: new SubgraphDataSource(name, url, fetcher, subgraphMetrics) };
  };
  let graph: FederatedGraph | undefined;
  const stopWatching = watchSupergraph(
    options.supergraphPath,
    (sdl) => (graph = new FederatedGraph(sdl, dataSourceOf, options.queryPlanner)),
    log,
    options.watchIntervalMs,
  );

  const limits = options.limits ?? DEFAULT_LIMITS;
  const rateLimit = options.rateLimit === undefined ? DEFAULT_RATE_LIMIT : options.rateLimit;
  const rateLimiter = createRateLimiter(rateLimit, options.redisUrl, (message) => logger.warn(message));
  const admission = new Admission({
    auth: options.auth,
    gatewayTokenSecret: options.gatewayTokenSecret,
    limits,
    rateLimiter,
    documents: new PersistedDocuments(options.trustedDocuments),
    introspection: options.introspection ?? process.env.NODE_ENV !== "production",
    graph: () => graph,
  });
  const pipeline = new Pipeline(admission, new FederatedSubscriptions(log), logger, metrics, options.publicUrl);

  const probeToken = () => signServiceToken("gateway", options.gatewayTokenSecret);
  const app = createHttpApp(
    metrics,
    async () => {
      if (!graph) return { reason: "the supergraph is not loaded yet" };
      const routes = [...graph.routes];
      const answered = await Promise.all(routes.map(([, url]) => answers(url, options.subgraphHealthPath, probeToken)));
      const silent = routes.filter((_, i) => !answered[i]).map(([name]) => name);
      return silent.length ? { reason: `subgraphs not answering: ${silent.join(", ")}`, subgraphs: silent } : null;
    },
    metricsOnPublicPort(options.metricsPort),
  );
  const compress = compressAnswers();
  app.use(compress);
  const origins = allowedOrigins(options.corsOrigins);
  const cors = corsFor(origins);
  app.use(["/graphql", "/certificates", "/exports"], cors);
  serveDownloads(app, pipeline, () => graph?.routes, options.gatewayTokenSecret);
  servePlayground(app, {
    auth: options.auth,
    development: options.playgroundDevelopment ?? process.env.NODE_ENV !== "production",
  });
  const observed: Middleware = (request, response, next) => {
    observeRequest(metrics, "/graphql", request, response);
    next();
  };
  const graphqlPost = serveGraphQLOverHttp(app, pipeline, limits, [observed, compress, cors] as Middleware[]);
  answerTheRest(app);
  const httpServer = createServer((request, response) =>
    request.method === "POST" && GRAPHQL_PATHS.includes(pathOf(request)!)
      ? graphqlPost(request, response)
      : app(request, response),
  );
  const url = await listen(httpServer, options.port ?? 4000, options.host ?? "127.0.0.1");
  const metricsServer =
    options.metricsPort === undefined
      ? undefined
      : await serveMetrics(metrics, options.metricsPort, options.host ?? "127.0.0.1");
  // Once listening: a WebSocket server attached earlier would also report a busy port, with a stack.
  const webSockets = serveWebSockets(
    httpServer,
    pipeline,
    (request) => webSocketOriginAllowed(request, origins),
    limits.maxBodyBytes,
  );
  let closed: Promise<void> | undefined;
  const close = async () => {
    stopWatching();
    await webSockets.dispose();
    await drain(httpServer);
    await metricsServer?.close();
    await rateLimiter?.close();
  };
  // Closing twice (a signal during shutdown, a test's own cleanup) waits for the first close.
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    httpServer,
    metrics,
    metricsUrl: metricsServer?.url,
    close: () => (closed ??= close()),
  };
}

/**
 * Stops accepting connections and lets requests in flight finish (at most 10 s): a kept-alive
 * connection closes as soon as it is idle, so a client's next request goes to another replica.
 */
async function drain(server: Server): Promise<void> {
  const closed = new Promise((resolve) => server.close(resolve));
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  const timer = setTimeout(() => server.closeAllConnections(), 10_000);
  server.closeIdleConnections();
  await closed;
  clearInterval(idle);
  clearTimeout(timer);
}
