import "reflect-metadata";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import type { Express, Request } from "express";
import type { GraphQLSchema } from "graphql";
import { decodeJwt } from "jose";
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { pathToFileURL } from "node:url";
import type { DataSource } from "typeorm";
import type { Actor } from "../../common/actor.js";
import type { SubgraphContext } from "./context.js";
import { databaseUrlFromEnv, inBackground, openDatabase } from "./database.js";
import { DEFAULT_DEMO, demoOptionsFrom, type DemoOptions } from "../../common/demo.js";
import { maskUnexpectedErrors, requestLogPlugin } from "./errorMasking.js";
import { announceServing, createLogger, type Logger } from "../../common/logger.js";
import { traceRequests } from "../../common/tracing.js";
import { buildFederatedSchema, type FederatedSchemaOptions } from "./federation.js";
import { gatewayTokenSecret, verifyGatewayToken } from "../../common/gatewayToken.js";
import {
  answerTheRest,
  createHttpApp,
  listen,
  metricsOnPublicPort,
  observeRequest,
  pathOf,
  serveMetrics,
} from "../../common/httpApp.js";
import { readJsonBody } from "../../common/requestBody.js";
import { createMetrics, type Metrics } from "../../common/metrics.js";
import type { Class } from "./class.js";
import { subgraphUrls, subgraphUrlsFromEnv, type SubgraphName } from "../../common/services.js";
import { signDownload } from "../../common/downloadLinks.js";
import { readSettings } from "../../common/settings.js";
import { closeOnSignals, startProcess } from "../../common/startup.js";

export interface BackgroundScope {
  db: DataSource;
  peers: Record<SubgraphName, string>;
  gatewayTokenSecret: Uint8Array;
  /** How often background work looks for something to do. */
  intervalMs: number;
  log(message: string): void;
}

/** What a subgraph's loaders are made from, once per request. */
export interface RequestScope {
  db: DataSource;
  actor: Actor;
  gatewayToken: string;
  /** GraphQL URLs of the other subgraphs, for the few documented cross-subgraph calls. */
  peers: Record<SubgraphName, string>;
}

/** Everything that makes one subgraph; its `index.ts` exports one of these. */
export interface SubgraphDefinition<Loaders = unknown> {
  name: SubgraphName;
  defaultPort: number;
  entities: Class[];
  migrations: Class[];
  federation: FederatedSchemaOptions;
  createLoaders(scope: RequestScope): Loaders;
  /** The table whose emptiness means "never seeded". */
  seededWhen: Class;
  /** HTTP routes beside /graphql (downloads); the gateway forwards clients to them with its token. */
  routes?(
    app: Express,
    scope: { db: DataSource; actorOf(request: Request): Promise<Actor>; peers: Record<SubgraphName, string> },
  ): void;
  /** Background work while the server runs (sweepers, outbox consumers); returns how to stop it. */
  start?(scope: BackgroundScope): () => Promise<void>;
  /** The peers the background work calls: it starts once they are ready, instead of failing and retrying. */
  needs?: SubgraphName[];
  /** Writes this subgraph's slice of the demo world, in one transaction. */
  seed(db: DataSource, demo: DemoOptions, progress: (message: string) => void): Promise<void>;
}

export interface SubgraphOptions {
  port?: number;
  host?: string;
  /** A port of its own for `/metrics` (0: any free one); unset, the public port serves them, except in production. */
  metricsPort?: number;
  databaseUrl?: string;
  /** Seed an empty database with this demo world (default: the standard one); null leaves it empty. */
  demo?: DemoOptions | null;
  /** Where the subgraph logs (default: JSON lines on stdout, see `createLogger`). */
  logger?: Logger;
  gatewayTokenSecret?: Uint8Array;
  /** URLs of the other subgraphs (default: environment, then default ports). */
  peers?: Partial<Record<SubgraphName, string>>;
  /** How often background work polls (default BACKGROUND_INTERVAL_MS, else 1000 ms). */
  backgroundIntervalMs?: number;
}

export interface RunningSubgraph {
  name: SubgraphName;
  url: string;
  graphqlUrl: string;
  db: DataSource;
  metrics: Metrics;
  /** Where `/metrics` is served apart, when `metricsPort` was given. */
  metricsUrl?: string;
  httpServer: Server;
  close(): Promise<void>;
}

const schemas = new WeakMap<SubgraphDefinition<never>, Promise<GraphQLSchema>>();

/** Built once per process: type-graphql's build is the slow part of a start. */
export function subgraphSchema(definition: SubgraphDefinition<never>): Promise<GraphQLSchema> {
  let schema = schemas.get(definition);
  if (!schema) schemas.set(definition, (schema = buildFederatedSchema(definition.federation)));
  return schema;
}

export async function seedIfEmpty(
  definition: SubgraphDefinition<never>,
  db: DataSource,
  demo: DemoOptions,
  log: (message: string) => void,
): Promise<void> {
  if (await db.getRepository(definition.seededWhen).exists()) return;
  const started = Date.now();
  log(`${definition.name}: empty database, seeding demo data (${demo.customers} customers, ${demo.months} months)`);
  await definition.seed(db, demo, (message) => log(`${definition.name}: ${message}`));
  // Statistics for the query planner: without them SQLite may pick the partner-wide index for
  // a handful of customers' records (ten times slower on the customer page).
  await db.query("ANALYZE");
  log(`${definition.name}: seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export async function startSubgraph<Loaders>(
  definition: SubgraphDefinition<Loaders>,
  options: SubgraphOptions = {},
): Promise<RunningSubgraph> {
  const logger = options.logger ?? createLogger(definition.name);
  const log = (message: string) => logger.info(message);
  const metrics = createMetrics(definition.name);
  const db = await openDatabase({
    service: definition.name,
    url: options.databaseUrl ?? databaseUrlFromEnv(definition.name),
    entities: definition.entities,
    migrations: definition.migrations,
    statements: metrics.sqlStatements,
    logger,
  });
  if (options.demo !== null)
    await seedIfEmpty(definition as SubgraphDefinition<never>, db, options.demo ?? DEFAULT_DEMO, log);
  const secret = options.gatewayTokenSecret ?? gatewayTokenSecret();
  const peers = subgraphUrls({ ...subgraphUrlsFromEnv(), ...options.peers });

  const app = createHttpApp(
    metrics,
    async () => {
      // A probe, not a client's request: its statement counts as background work.
      await inBackground(() => db.query("SELECT 1"));
      return null;
    },
    metricsOnPublicPort(options.metricsPort),
  );
  definition.routes?.(app, {
    db,
    peers,
    actorOf: (request) => verifyGatewayToken(request.headers.authorization, secret),
  });
  answerTheRest(app);
  // /graphql is served on Node's own request and response (see graphqlListener); express the rest.
  let graphql: RequestListener | undefined;
  const httpServer = createServer((request, response) =>
    graphql && pathOf(request) === "/graphql" ? graphql(request, response) : app(request, response),
  );
  const schema = await subgraphSchema(definition as SubgraphDefinition<never>);
  const contextOf = async (authorization: string | undefined, origin = ""): Promise<SubgraphContext<Loaders>> => {
    const actor = await verifyGatewayToken(authorization, secret);
    const gatewayToken = authorization!.slice("Bearer ".length);
    return {
      actor,
      db,
      gatewayToken,
      peers,
      loaders: definition.createLoaders({ db, actor, gatewayToken, peers }),
      downloadLink: (path, params = {}) => `${origin}${signDownload(path, params, actor, secret)}`,
    };
  };
  const apollo = new ApolloServer<SubgraphContext<Loaders>>({
    schema,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      // Cache-control hints are unused here, and the plugin wraps every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      requestLogPlugin(logger, metrics),
    ],
    includeStacktraceInErrorResponses: process.env.NODE_ENV === "development",
    formatError: maskUnexpectedErrors,
  });
  await apollo.start();
  graphql = graphqlListener(definition.name, apollo, metrics, (request) =>
    contextOf(request.headers.authorization, graphOrigin(request.headers["x-graph-origin"])),
  );
  const url = await listen(httpServer, options.port ?? definition.defaultPort, options.host ?? "127.0.0.1");
  const metricsServer =
    options.metricsPort === undefined
      ? undefined
      : await serveMetrics(metrics, options.metricsPort, options.host ?? "127.0.0.1");
  // Subscriptions (the customers subgraph's approval results) over graphql-ws, for the gateway only;
  // once listening: a WebSocket server attached earlier would also report a busy port, with a stack.
  const webSockets = schema.getSubscriptionType()
    ? new WebSocketServer({ server: httpServer, path: "/graphql" })
    : null;
  const webSocketServer = webSockets
    ? useServer(
        {
          schema,
          onConnect: async ({ connectionParams }) =>
            verifyGatewayToken(String(connectionParams?.authorization ?? ""), secret).then(
              () => true,
              () => false,
            ),
          context: ({ connectionParams }) => contextOf(String(connectionParams?.authorization ?? "")),
        },
        webSockets,
      )
    : null;
  let closed: Promise<void> | undefined;
  const background = whenReady(definition.needs ?? [], peers, () => closed !== undefined).then((ready) =>
    ready
      ? definition.start?.({
          db,
          peers,
          gatewayTokenSecret: secret,
          intervalMs: options.backgroundIntervalMs ?? readSettings().BACKGROUND_INTERVAL_MS ?? 1000,
          log,
        })
      : undefined,
  );
  return {
    name: definition.name,
    url,
    graphqlUrl: `${url}/graphql`,
    db,
    metrics,
    metricsUrl: metricsServer?.url,
    httpServer,
    close: () =>
      (closed ??= (async () => {
        const stopBackground = await background;
        await stopBackground?.();
        await webSocketServer?.dispose();
        webSockets?.close();
        await apollo.stop();
        await metricsServer?.close();
        await db.destroy();
      })()),
  };
}

const parseJson = readJsonBody(5 * 1024 * 1024);

/**
 * A subgraph's /graphql on Node's request and response, as Apollo Server's standalone server
 * does it: through express (its router, the request and response prototypes it swaps in, and
 * `res.send`) a customer page cost about 6 % more CPU across the gateway and the subgraphs
 * (BENCHMARKS.md). Requests another subgraph's background work makes (the service actor)
 * count as background statements.
 */
function graphqlListener<Context extends object>(
  name: SubgraphName,
  apollo: ApolloServer<Context>,
  metrics: Metrics,
  contextOf: (request: IncomingMessage) => Promise<Context>,
): RequestListener {
  const traced = traceRequests(name);
  return (request, response) => {
    observeRequest(metrics, "/graphql", request, response);
    // A body it cannot read is refused there, with its code and status.
    parseJson(request, response, () => {
      // Apollo Server answers its own failures; this only catches a broken connection.
      const serve = () =>
        answer(apollo, request, response, contextOf).catch((failure: Error) => response.destroy(failure));
      traced(request, response, () => (isServiceRequest(request) ? inBackground(serve) : serve()));
    });
  };
}

/** Hands the request to Apollo Server and writes its answer (what `expressMiddleware` did). */
async function answer<Context extends object>(
  apollo: ApolloServer<Context>,
  request: IncomingMessage,
  response: ServerResponse,
  contextOf: (request: IncomingMessage) => Promise<Context>,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(request.headers))
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  const search = request.url!.includes("?") ? request.url!.slice(request.url!.indexOf("?")) : "";
  const body = (request as IncomingMessage & { body?: unknown }).body;
  const result = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: request.method!.toUpperCase(), headers, search, body },
    context: () => contextOf(request),
  });
  for (const [key, value] of result.headers) response.setHeader(key, value);
  response.statusCode = result.status ?? 200;
  if (result.body.kind === "complete") return void response.end(result.body.string);
  for await (const chunk of result.body.asyncIterator) response.write(chunk);
  response.end();
}

/** Whether the token claims the service actor; only for labelling metrics, the context verifies it. */
function isServiceRequest(request: IncomingMessage): boolean {
  try {
    return decodeJwt(request.headers.authorization?.slice("Bearer ".length) ?? "").role === "service";
  } catch {
    return false;
  }
}

/**
 * Resolves true once every named peer answers its `/ready`, or false when `stopped` says the
 * subgraph is closing meanwhile; asks every 250 ms, quietly (a peer may be seeding its database).
 */
async function whenReady(names: SubgraphName[], peers: Record<SubgraphName, string>, stopped: () => boolean) {
  for (const name of names) {
    const ready = new URL("/ready", peers[name]);
    while (
      !(await fetch(ready, { signal: AbortSignal.timeout(1000) }).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (stopped()) return false;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return !stopped();
}

/** The graph's origin the gateway passes on (`x-graph-origin`), if it is one; links are relative otherwise. */
function graphOrigin(header: string | string[] | undefined): string {
  try {
    return typeof header === "string" && new URL(header).origin === header ? header : "";
  } catch {
    return "";
  }
}

/** True when `moduleUrl` is the script node was started with. */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;
}

/** The process entry of a subgraph: port and database from the environment, stop on signals. */
export async function runSubgraph(definition: SubgraphDefinition<never>): Promise<void> {
  const portVariable = `${definition.name.toUpperCase() as Uppercase<SubgraphName>}_PORT` as const;
  const metricsPortVariable = `${definition.name.toUpperCase() as Uppercase<SubgraphName>}_METRICS_PORT` as const;
  await startProcess({ name: definition.name, portVariable, metricsPortVariable }, async () => {
    const env = process.env;
    const settings = readSettings(env);
    const logger = createLogger(definition.name);
    const running = await startSubgraph(definition, {
      logger,
      port: settings[portVariable] ?? definition.defaultPort,
      host: settings.HOST ?? "127.0.0.1",
      metricsPort: settings[metricsPortVariable],
      // The size of the demo world an empty database is seeded with (`npm run seed` for more);
      // a production database is never filled with demo data unless SEED_ON_START asks.
      demo:
        (settings.SEED_ON_START ?? env.NODE_ENV !== "production")
          ? demoOptionsFrom({
              customers: env.SEED_CUSTOMERS,
              months: env.SEED_MONTHS,
              until: env.SEED_UNTIL,
              seed: env.SEED,
            })
          : null,
    });
    closeOnSignals(running.close);
    if (running.metricsUrl)
      logger.info({ url: running.metricsUrl }, `${definition.name}: metrics at ${running.metricsUrl}/metrics`);
    announceServing(logger, definition.name, running.graphqlUrl);
  });
}
