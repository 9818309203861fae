import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { demoActor, mintDemoToken, type TokenRequest } from "../../gateway/devTokens.js";
import { gatewayNodeFlags } from "../../gateway/nodeFlags.js";
import { signGatewayToken } from "../../common/gatewayToken.js";
import { PROJECT_ROOT } from "../../common/paths.js";
import { SUBGRAPH_NAMES, type SubgraphName } from "../../common/services.js";
import { freePort, startScript, stopChild } from "../helpers/processes.js";

const JWT_SECRET = "bench-secret";
const GATEWAY_TOKEN_SECRET = "bench-gateway-secret";
const encode = (text: string) => new TextEncoder().encode(text);

/**
 * `npm run bench -- --profile <dir>` (BENCH_PROFILE): every process writes a V8 CPU profile
 * named after it there when it stops; `node dist/test/bench/profileSummary.js <dir>` sums them up.
 */
const nodeArgs = (name: string) =>
  process.env.BENCH_PROFILE
    ? [
        "--cpu-prof",
        `--cpu-prof-dir=${process.env.BENCH_PROFILE}`,
        `--cpu-prof-name=${name.replaceAll(" ", "-")}.cpuprofile`,
      ]
    : [];

/** Everything runs as in production: the same secrets everywhere, no rate limit (the load is the point). */
const PRODUCTION = {
  NODE_ENV: "production",
  JWT_SECRET,
  GATEWAY_TOKEN_SECRET,
  RATE_LIMIT_PER_SECOND: "0",
  APOLLO_TELEMETRY_DISABLED: "true",
};

export interface Seed {
  customers: number;
  months: number;
  /** Consumption records of the first customer (deep paging); 0 for none. */
  largestCustomer: number;
}

export interface Subgraphs {
  urls: Record<SubgraphName, string>;
  /** Where each serves `/metrics`: a port of its own, as in production the public one serves none. */
  metricsUrls: Record<SubgraphName, string>;
  pids: Record<SubgraphName, number>;
  /** The committed supergraph with these subgraphs' URLs: every gateway serves it. */
  supergraphPath: string;
  stop(): Promise<void>;
}

export interface System {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * `npm run seed` into a fresh folder (its progress shows), then the four subgraphs as processes.
 * Every process of the bench logs to a file in that folder, as a deployment's would.
 */
export async function startSubgraphs(seed: Seed): Promise<Subgraphs> {
  const dataDir = mkdtempSync(join(tmpdir(), "partner-graph-bench-"));
  const args = [
    "--customers",
    String(seed.customers),
    "--months",
    String(seed.months),
    ...(seed.largestCustomer ? ["--largest-customer", String(seed.largestCustomer)] : []),
  ];
  const seeding = spawn(process.execPath, [join(PROJECT_ROOT, "dist", "subgraphs", "seed.js"), ...args], {
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: "inherit",
  });
  const code = await new Promise((resolve) => seeding.once("exit", resolve));
  if (code !== 0) throw new Error(`seeding failed (exit ${code})`);

  const ports = Object.fromEntries(
    await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await freePort()])),
  ) as Record<SubgraphName, number>;
  const urls = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [name, `http://127.0.0.1:${ports[name]}/graphql`]),
  ) as Record<SubgraphName, string>;
  const metricsPorts = Object.fromEntries(
    await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await freePort()])),
  ) as Record<SubgraphName, number>;
  const urlEnv = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, urls[name]]));
  const children = await Promise.all(
    SUBGRAPH_NAMES.map((name) =>
      startScript(
        `subgraphs/${name}/index.js`,
        {
          ...PRODUCTION,
          ...urlEnv,
          DATA_DIR: dataDir,
          [`${name.toUpperCase()}_PORT`]: String(ports[name]),
          [`${name.toUpperCase()}_METRICS_PORT`]: String(metricsPorts[name]),
        },
        /serving/,
        120_000,
        nodeArgs(name),
        join(dataDir, `${name}.log`),
      ),
    ),
  );
  let supergraph = readFileSync(join(PROJECT_ROOT, "schema", "supergraph.graphql"), "utf8");
  for (const name of SUBGRAPH_NAMES)
    supergraph = supergraph.replace(new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]*`), `$1${urls[name]}`);
  const supergraphPath = join(dataDir, "supergraph.graphql");
  writeFileSync(supergraphPath, supergraph);
  return {
    urls,
    metricsUrls: Object.fromEntries(
      SUBGRAPH_NAMES.map((name) => [name, `http://127.0.0.1:${metricsPorts[name]}`]),
    ) as Record<SubgraphName, string>,
    pids: Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [name, children[i]!.child.pid!])) as Record<
      SubgraphName,
      number
    >,
    supergraphPath,
    stop: async () => {
      await Promise.all(children.map(({ child }) => stopChild(child)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The gateways compared, and the floor under any Node gateway (a pass-through to one subgraph, `TARGET_URL`). */
export type GatewayKind = "this gateway" | "Apollo Gateway" | "Hive Gateway" | "Node pass-through";

const SCRIPTS: Record<GatewayKind, string> = {
  "this gateway": "gateway/index.js",
  "Apollo Gateway": "test/bench/peers/apolloGateway.js",
  "Hive Gateway": "test/bench/peers/hiveGateway.js",
  "Node pass-through": "test/bench/peers/passThrough.js",
};

/** A gateway of a kind on a supergraph; the partner center's subgraph URLs, when given, as variables too. */
export async function startGateway(
  kind: GatewayKind,
  subgraphs: Pick<Subgraphs, "supergraphPath"> & Partial<Pick<Subgraphs, "urls">>,
  env: Record<string, string> = {},
): Promise<System> {
  const port = await freePort();
  const urls = subgraphs.urls;
  const urlEnv = urls
    ? Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, urls[name]]))
    : {};
  const logFile = join(dirname(subgraphs.supergraphPath), `${kind.replaceAll(" ", "-")}.log`);
  const { child } = await startScript(
    SCRIPTS[kind],
    {
      ...PRODUCTION,
      ...urlEnv,
      SUPERGRAPH_PATH: subgraphs.supergraphPath,
      GATEWAY_PORT: String(port),
      PORT: String(port),
      ...env,
    },
    /serving/,
    120_000,
    [...nodeArgs(kind), ...(kind === "this gateway" ? gatewayNodeFlags() : [])],
    logFile,
  );
  return { name: kind, url: `http://127.0.0.1:${port}/graphql`, pid: child.pid!, stop: () => stopChild(child) };
}

/**
 * The Authorization a system takes: this gateway a client token (it verifies it and signs its
 * own token for the subgraphs); the peers and the subgraphs a gateway token, which the peers
 * pass on unchanged. Gateway tokens live 60 s, so they are re-signed every 30 s.
 */
export class Credentials {
  private cache = new Map<string, { value: string; at: number }>();

  async authorization(system: string, request: TokenRequest): Promise<string> {
    const gateway = system !== "this gateway";
    const key = `${gateway}:${JSON.stringify(request)}`;
    const cached = this.cache.get(key);
    if (cached && (!gateway || Date.now() - cached.at < 30_000)) return cached.value;
    const token = gateway
      ? await signGatewayToken(demoActor(request), encode(GATEWAY_TOKEN_SECRET))
      : await mintDemoToken(request, encode(JWT_SECRET));
    this.cache.set(key, { value: `Bearer ${token}`, at: Date.now() });
    return `Bearer ${token}`;
  }
}

/** What the subscription fan-out needs of the graph: this gateway, and tokens for it. */
export interface GraphProcess {
  url: string;
  token(role: string): Promise<string>;
  clientToken(request: TokenRequest): Promise<string>;
}

export function graphProcess(gateway: System): GraphProcess {
  return {
    url: gateway.url,
    token: (role) => mintDemoToken({ role }, encode(JWT_SECRET)),
    clientToken: (request) => mintDemoToken(request, encode(JWT_SECRET)),
  };
}

/** Resident memory of a process now, in MB (Linux). */
export function residentMb(pid: number): number {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    return Math.round(kb / 102.4) / 10;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) a process has used so far, in ms (Linux clock ticks are 10 ms). */
export function cpuMs(pid: number): number {
  try {
    // Fields after the command name, which may hold spaces: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}
