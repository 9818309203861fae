import { readSettings } from "../../common/settings.js";
import "reflect-metadata";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEVELOPMENT_JWT_SECRET } from "../../gateway/auth.js";
import { createGateway, type GatewayOptions, type RunningGateway } from "../../gateway/createGateway.js";
import { mintDemoToken, type TokenRequest } from "../../gateway/devTokens.js";
import { SUBGRAPHS } from "../../subgraphs/all.js";
import type { DestinationStream } from "pino";
import { isPostgres } from "../../subgraphs/common/database.js";
import { createLogger } from "../../common/logger.js";
import { DEFAULT_DEMO, type DemoOptions } from "../../common/demo.js";
import { gatewayTokenSecret } from "../../common/gatewayToken.js";
import { PROJECT_ROOT } from "../../common/paths.js";
import { startSubgraph, type RunningSubgraph } from "../../subgraphs/common/subgraph.js";
import { type SubgraphName } from "../../common/services.js";
import { statementsOf } from "./metrics.js";
import { freePort } from "./processes.js";
import { createTestDatabase } from "./postgres.js";
import type { DataSource } from "typeorm";

/** A small demo world: quick to seed, still every partner, role and association type. */
export const TEST_DEMO: DemoOptions = { ...DEFAULT_DEMO, customers: 150, months: 6 };

export const CLIENT_SECRET = new TextEncoder().encode(DEVELOPMENT_JWT_SECRET);

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export async function post<T = Record<string, any>>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Omit<GraphQLResponse<T>, "status">;
  return { status: response.status, ...json };
}

export interface TestGraph {
  gateway: RunningGateway;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  dir: string;
  token(request: TokenRequest): Promise<string>;
  /** A GraphQL request to the gateway; `as` mints a token for that actor. */
  query<T = Record<string, any>>(
    query: string,
    options?: { variables?: Record<string, unknown>; as?: TokenRequest; token?: string },
  ): Promise<GraphQLResponse<T>>;
  /** SQL statements a subgraph has sent so far, read from its /metrics. */
  statements(name: SubgraphName): Promise<number>;
  /** Stops a subgraph and starts it again on the same port and database (a restart). */
  restart(name: SubgraphName): Promise<void>;
  /** The gateway's WebSocket URL. */
  webSocketUrl: string;
  /** Another gateway in front of the same subgraphs, configured as a test needs; closed with the graph. */
  gatewayWith(options: Partial<GatewayOptions>): Promise<RunningGateway>;
  close(): Promise<void>;
}

/**
 * Raw SQL in a test, written once for both engines: `?` placeholders become `$1…` on
 * PostgreSQL. Quote camel-case aliases (`AS "ringFenced"`): PostgreSQL folds bare ones.
 */
export function sql<T = any>(db: DataSource, query: string, parameters: unknown[] = []): Promise<T[]> {
  let n = 0;
  return db.query(db.options.type === "postgres" ? query.replace(/\?/g, () => `$${++n}`) : query, parameters);
}

/**
 * The whole graph on free loopback ports with fresh databases: SQLite files in a temporary
 * folder, or, when `DATABASE_URL` is a PostgreSQL URL, a fresh database on that server (one
 * schema per subgraph) dropped again on close.
 */
export async function startGraph(
  options: {
    demo?: DemoOptions;
    supergraphPath?: string;
    authRequired?: boolean;
    gateway?: Partial<GatewayOptions>;
    logs?: DestinationStream;
  } = {},
): Promise<TestGraph> {
  // `logs` receives every service's JSON lines (at info), for tests of the logs themselves.
  const loggerOf = (service: string) =>
    options.logs ? createLogger(service, { LOG_LEVEL: "info" }, options.logs) : undefined;
  const dir = mkdtempSync(join(tmpdir(), "partner-graph-"));
  const postgres =
    process.env.DATABASE_URL && isPostgres(process.env.DATABASE_URL)
      ? await createTestDatabase(process.env.DATABASE_URL)
      : null;
  const subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
  // Ports first: each subgraph knows where the others answer before any of them starts.
  const ports = new Map<string, number>();
  for (const definition of SUBGRAPHS) ports.set(definition.name, await freePort());
  const peers = Object.fromEntries(
    SUBGRAPHS.map((d) => [d.name, `http://127.0.0.1:${ports.get(d.name)}/graphql`]),
  ) as Record<SubgraphName, string>;
  const start = (definition: (typeof SUBGRAPHS)[number]) =>
    startSubgraph(definition, {
      port: ports.get(definition.name)!,
      databaseUrl: postgres?.url ?? join(dir, `${definition.name}.sqlite`),
      demo: options.demo ?? TEST_DEMO,
      peers,
      logger: loggerOf(definition.name),
    });
  for (const definition of SUBGRAPHS) subgraphs[definition.name] = await start(definition);
  const gatewayWith = (gatewayOptions: Partial<GatewayOptions>) =>
    createGateway({
      supergraphPath: join(PROJECT_ROOT, "schema", "supergraph.graphql"),
      subgraphUrls: peers,
      port: 0,
      auth: { key: CLIENT_SECRET, required: true },
      gatewayTokenSecret: gatewayTokenSecret(),
      // Tests call far faster than a caller may; the rate-limit tests turn it on.
      rateLimit: null,
      // `QUERY_PLANNER=apollo npm test` runs the suite on the other planner.
      queryPlanner: readSettings().QUERY_PLANNER,
      ...gatewayOptions,
    });
  const gateway = await gatewayWith({
    ...(options.supergraphPath ? { supergraphPath: options.supergraphPath } : {}),
    auth: { key: CLIENT_SECRET, required: options.authRequired ?? true },
    watchIntervalMs: 100,
    logger: loggerOf("gateway"),
    ...options.gateway,
  });
  const others: RunningGateway[] = [];
  const token = (request: TokenRequest) => mintDemoToken(request, CLIENT_SECRET);
  return {
    gateway,
    subgraphs,
    dir,
    token,
    query: async (query, { variables, as, token: given } = {}) => {
      const bearer = given ?? (as ? await token(as) : undefined);
      return post(gateway.graphqlUrl, { query, variables }, bearer ? { authorization: `Bearer ${bearer}` } : {});
    },
    statements: (name) => statementsOf(subgraphs[name].url),
    restart: async (name) => {
      await subgraphs[name].close();
      subgraphs[name] = await start(SUBGRAPHS.find((d) => d.name === name)!);
    },
    webSocketUrl: gateway.graphqlUrl.replace(/^http/, "ws"),
    gatewayWith: async (gatewayOptions) => {
      const other = await gatewayWith(gatewayOptions);
      others.push(other);
      return other;
    },
    close: async () => {
      for (const other of others) await other.close();
      await gateway.close();
      for (const running of Object.values(subgraphs)) await running.close();
      rmSync(dir, { recursive: true, force: true });
      await postgres?.drop();
    },
  };
}
