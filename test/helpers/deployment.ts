import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isPostgres } from "../../subgraphs/common/database.js";
import { SUBGRAPH_NAMES, type SubgraphName } from "../../common/services.js";
import { TEST_DEMO } from "./graph.js";
import { createTestDatabase } from "./postgres.js";
import { freePort, startScript, stopChild } from "./processes.js";

/**
 * The graph as it is deployed, for tests of faults and replicas: services started as
 * `node dist/<script>` with one environment, on free ports, with the test demo world in a
 * temporary folder, or in a fresh database when `DATABASE_URL` is a PostgreSQL URL.
 */
export interface ProcessDeployment {
  dir: string;
  /** The PostgreSQL database the services share, or null for SQLite files in `dir`. */
  databaseUrl: string | null;
  ports: Record<SubgraphName, number>;
  urls: Record<SubgraphName, string>;
  /** Starts a script with the deployment's environment and `extra`, once it says it is serving. */
  start(script: string, extra?: Record<string, string>): Promise<ChildProcess>;
  /** Starts a subgraph on its port (again, after a kill: same port, same database). */
  startSubgraph(name: SubgraphName): Promise<ChildProcess>;
  /** Stops every process it started, then removes the folder and drops the database. */
  stop(): Promise<void>;
}

export async function processDeployment(extraEnv: Record<string, string> = {}): Promise<ProcessDeployment> {
  const dir = mkdtempSync(join(tmpdir(), "partner-graph-processes-"));
  const server = process.env.DATABASE_URL;
  const database = server && isPostgres(server) ? await createTestDatabase(server) : null;
  const ports = {} as Record<SubgraphName, number>;
  for (const name of SUBGRAPH_NAMES) ports[name] = await freePort();
  const urls = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [name, `http://127.0.0.1:${ports[name]}/graphql`]),
  ) as Record<SubgraphName, string>;
  const env = {
    DATA_DIR: dir,
    ...(database ? { DATABASE_URL: database.url } : {}),
    SEED_CUSTOMERS: String(TEST_DEMO.customers),
    SEED_MONTHS: String(TEST_DEMO.months),
    // The "serving" line they are waited for is logged at info.
    LOG_LEVEL: "info",
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, urls[name]])),
    ...extraEnv,
  };
  const children: ChildProcess[] = [];
  const start = async (script: string, extra: Record<string, string> = {}) => {
    const { child } = await startScript(script, { ...env, ...extra }, /serving/, 120_000);
    children.push(child);
    return child;
  };
  return {
    dir,
    databaseUrl: database?.url ?? null,
    ports,
    urls,
    start,
    startSubgraph: (name) =>
      start(`subgraphs/${name}/index.js`, { [`${name.toUpperCase()}_PORT`]: String(ports[name]) }),
    stop: async () => {
      await Promise.all(children.map(stopChild));
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
