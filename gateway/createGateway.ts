import { ApolloGateway, type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type RequestHandler } from "express";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { createServer, type Server } from "node:http";
import type { Actor } from "../common/actor.js";
import { signGatewayToken } from "../common/gatewayToken.js";
import { createHttpApp, listen } from "../common/httpApp.js";
import { maskUnexpectedErrors, requestLogPlugin } from "../subgraphs/common/errorMasking.js";
import { createLogger, type Logger } from "../common/logger.js";
import { injectTraceContext, traceRequests } from "../common/tracing.js";
import { createMetrics, type Metrics } from "../common/metrics.js";
import { authenticate, type AuthConfig } from "./auth.js";
import { serveDownloads } from "./downloads.js";
import {
  createSubgraphFetcher,
  createSubgraphMetrics,
  type SubgraphAnswer,
  type SubgraphCallOptions,
  type SubgraphFetch,
  type SubgraphMetrics,
} from "./subgraphFetcher.js";
import { batchLimit, bodyErrors } from "./httpGuards.js";
import { sendGraphQLError } from "../common/httpErrors.js";
import { DEFAULT_LIMITS, operationLimitsPlugin, type OperationLimits } from "./limits.js";
import { callerKey, DEFAULT_RATE_LIMIT, RateLimiter, type RateLimit } from "./rateLimit.js";
import { trustedDocumentsOnly } from "./trustedDocuments.js";
import { servePlayground } from "./playground/servePlayground.js";
import { parseScalarsAtGateway } from "./scalars.js";
import { FederatedSubscriptions } from "./subscriptions.js";
import { serveServerSentEvents, serveWebSockets } from "./webSockets.js";
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
  /** Requests a second per caller; null turns the limit off (default: DEFAULT_RATE_LIMIT). */
  rateLimit?: RateLimit | null;
  /** Schema introspection (default: on unless NODE_ENV is production). */
  introspection?: boolean;
  /** Trusted-documents mode: only these operations (manifest id → text) run. */
  trustedDocuments?: Map<string, string>;
}

export interface GatewayContext {
  actor: Actor;
  /**
   * The token subgraphs trust, signed once per request and only if a subgraph is called;
   * `fresh` signs a new one (a subscription outlives the 60-second token it started with).
   */
  subgraphToken(fresh?: boolean): Promise<string>;
}

/** The context of one request or socket operation of an actor. */
export function contextFor(actor: Actor, secret: Uint8Array): GatewayContext {
  let token: Promise<string> | undefined;
  return {
    actor,
    subgraphToken: (fresh) => (fresh ? signGatewayToken(actor, secret) : (token ??= signGatewayToken(actor, secret))),
  };
}

export interface RunningGateway {
  url: string;
  graphqlUrl: string;
  httpServer: Server;
  metrics: Metrics;
  close(): Promise<void>;
}

/** Codes a subgraph may hand to clients; anything else is the platform's fault. */
const CLIENT_CODES = new Set([
  "BAD_USER_INPUT",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "PRECONDITION_FAILED",
  "RATE_LIMITED",
]);

type SubgraphResponse = Awaited<ReturnType<GraphQLDataSource["process"]>>;

/**
 * Calls a subgraph with the gateway's own token instead of the client's. Apollo Gateway's
 * `RemoteGraphQLDataSource` builds node-fetch headers and a node-fetch `Request` per call for
 * hooks this gateway does not use; this one sends the JSON body and parses the answer.
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(
    private readonly serviceName: string,
    private readonly url: string,
    private readonly fetch: SubgraphFetch,
    private readonly metrics: SubgraphMetrics,
  ) {}

  /** A subgraph that cannot be reached is named, never located: no URL or socket error reaches clients. */
  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<SubgraphResponse> {
    const stop = this.metrics.duration.startTimer({ subgraph: this.serviceName });
    try {
      const { query, variables, operationName } = options.request;
      const answer = await this.fetch(this.url, {
        headers: await this.headers(options),
        body: JSON.stringify({ query, variables, operationName }),
      });
      const response = this.responseOf(answer);
      this.metrics.requests.inc({ subgraph: this.serviceName, outcome: response.errors?.length ? "error" : "ok" });
      return response;
    } catch (error) {
      const timedOut = (error as Error).name === "TimeoutError";
      this.metrics.requests.inc({
        subgraph: this.serviceName,
        outcome: error instanceof GraphQLError ? "error" : timedOut ? "timeout" : "unreachable",
      });
      if (error instanceof GraphQLError) throw error;
      throw new GraphQLError(
        timedOut
          ? `The ${this.serviceName} service did not answer in time; try again shortly.`
          : `The ${this.serviceName} service is not reachable; try again shortly.`,
        {
          extensions: { code: "INTERNAL_SERVER_ERROR", serviceName: this.serviceName },
        },
      );
    } finally {
      stop();
    }
  }

  private async headers(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<Record<string, string>> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    const { context } = options;
    if (context.subgraphToken) headers.authorization = `Bearer ${await context.subgraphToken()}`;
    // One request id across the services' logs.
    const requestId =
      "incomingRequestContext" in options
        ? options.incomingRequestContext.request.http?.headers.get("x-request-id")
        : undefined;
    if (requestId) headers["x-request-id"] = requestId;
    // W3C trace context: the subgraph's work joins the client's trace.
    injectTraceContext(headers);
    return headers;
  }

  /** A subgraph's refusal (HTTP 4xx) reaches the client as its coded error, never with the subgraph's URL. */
  private responseOf(answer: SubgraphAnswer): SubgraphResponse {
    const body = parseJson(answer.body) as
      (SubgraphResponse & { errors?: { message?: unknown; extensions?: Record<string, unknown> }[] }) | null;
    if (answer.status >= 200 && answer.status < 300 && body && typeof body === "object") return body;
    const first = body?.errors?.[0];
    const code = first?.extensions?.code;
    if (typeof first?.message === "string" && typeof code === "string" && CLIENT_CODES.has(code)) {
      const { http: _http, stacktrace: _stacktrace, ...extensions } = first.extensions!;
      throw new GraphQLError(first.message, { extensions: { ...extensions, serviceName: this.serviceName } });
    }
    throw new GraphQLError(
      `The ${this.serviceName} service could not answer (HTTP ${answer.status}); try again shortly.`,
      {
        extensions: { code: "INTERNAL_SERVER_ERROR", serviceName: this.serviceName },
      },
    );
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function reachable(url: string): Promise<boolean> {
  const health = new URL("/health", url);
  return fetch(health, { signal: AbortSignal.timeout(1000) }).then(
    (r) => r.ok,
    () => false,
  );
}

/**
 * A malformed scalar literal fails validation, but it is bad input: keep the scalar's own code.
 * Unexpected errors are masked (a code and the request id only).
 */
function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = (error as { originalError?: { extensions?: Record<string, unknown> } }).originalError;
  if (formatted.extensions?.code === "GRAPHQL_VALIDATION_FAILED" && original?.extensions?.code === "BAD_USER_INPUT") {
    return { ...formatted, extensions: { ...formatted.extensions, code: "BAD_USER_INPUT" } };
  }
  return maskUnexpectedErrors(formatted, error);
}

export async function createGateway(options: GatewayOptions): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger("gateway");
  const log = (message: string) => logger.info(message);
  const metrics = createMetrics("gateway");
  const subgraphMetrics = createSubgraphMetrics(metrics.registry);
  const fetcher = createSubgraphFetcher(options.subgraphCalls);
  const routes = new Map<string, string>();
  const dataSources = new Map<string, SubgraphDataSource>();
  const subscriptions = new FederatedSubscriptions(dataSources, routes, log);
  let loaded = false;

  // Apollo Gateway otherwise probes cloud metadata endpoints and exports usage metrics to
  // Apollo's servers; this graph reports to no one (and runs where there is no internet).
  process.env.APOLLO_TELEMETRY_DISABLED = "true";
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphFromFile(options.supergraphPath, log, options.watchIntervalMs),
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls?.[name] ?? url!;
      routes.set(name, target);
      const dataSource = new SubgraphDataSource(name, target, fetcher, subgraphMetrics);
      dataSources.set(name, dataSource);
      return dataSource;
    },
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
    parseScalarsAtGateway(apiSchema);
    subscriptions.load(coreSupergraphSdl);
    loaded = true;
  });

  const app = createHttpApp(metrics, async () => {
    if (!loaded) return "the supergraph is not loaded yet";
    const down = [];
    for (const [name, url] of routes) if (!(await reachable(url))) down.push(name);
    return down.length ? `subgraphs not reachable: ${down.join(", ")}` : null;
  });
  serveDownloads(app, { auth: options.auth, gatewayTokenSecret: options.gatewayTokenSecret, routes });
  servePlayground(app, {
    auth: options.auth,
    development: options.playgroundDevelopment ?? process.env.NODE_ENV !== "production",
  });
  const httpServer = createServer(app);
  const limits = options.limits ?? DEFAULT_LIMITS;
  const rateLimit = options.rateLimit === null ? null : new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const introspection = options.introspection ?? process.env.NODE_ENV !== "production";
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      operationLimitsPlugin(limits),
      requestLogPlugin(logger, metrics),
    ],
    includeStacktraceInErrorResponses: process.env.NODE_ENV === "development",
    formatError,
    introspection,
    // graphql-js stops reading a document at this many tokens: a huge query costs nothing.
    parseOptions: { maxTokens: limits.maxTokens },
    allowBatchedHttpRequests: true,
    // A browser may not send a "simple" cross-site request (form, text/plain, GET without a header).
    csrfPrevention: true,
    // In trusted-documents mode only the manifest's operations run: nothing may register new ones.
    persistedQueries: options.trustedDocuments ? false : undefined,
  });
  await apollo.start();
  const realtime = {
    auth: options.auth,
    gatewayTokenSecret: options.gatewayTokenSecret,
    apollo,
    subscriptions,
    limits,
    rateLimit,
    introspection,
  };
  serveServerSentEvents(app, realtime);
  const webSockets = serveWebSockets(httpServer, realtime);
  /** Who calls, checked once per HTTP request; the rate limit counts each of its operations. */
  const identify: RequestHandler = async (req, res, next) => {
    const actor = authenticate(req.headers.authorization, options.auth);
    res.locals.actor = actor;
    const known = await actor.catch(() => null); // a bad token is answered by the context
    try {
      rateLimit?.take(
        known ? callerKey(known, req.ip) : `address:${req.ip}`,
        Array.isArray(req.body) ? req.body.length : 1,
      );
    } catch (error) {
      return sendGraphQLError(res, 429, error as GraphQLError);
    }
    next();
  };
  app.use(
    "/graphql",
    express.json({ limit: limits.maxBodyBytes }),
    batchLimit(limits.maxBatch),
    ...(options.trustedDocuments ? [trustedDocumentsOnly(options.trustedDocuments)] : []),
    traceRequests("gateway"),
    identify,
    expressMiddleware(apollo, {
      context: async ({ res }) => contextFor(await (res.locals.actor as Promise<Actor>), options.gatewayTokenSecret),
    }),
  );
  app.use("/graphql", bodyErrors);
  const url = await listen(httpServer, options.port ?? 4000, options.host ?? "127.0.0.1");
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    httpServer,
    metrics,
    close: async () => {
      await webSockets.dispose();
      await apollo.stop();
    },
  };
}
