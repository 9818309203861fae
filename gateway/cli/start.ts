import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { logsArePretty } from "../../common/logger.js";
import { PROJECT_ROOT } from "../../common/paths.js";
import { DEFAULT_PORTS, SUBGRAPH_NAMES } from "../../common/services.js";
import { readSettings } from "../../common/settings.js";
import { startProcess } from "../../common/startup.js";
import { authConfigFromEnv } from "../auth.js";
import { demoDirectory, mintDemoToken } from "../devTokens.js";
import { gatewayNodeFlags } from "../nodeFlags.js";
import { ServiceLogs } from "./terminal.js";

/**
 * `npm start`: the four subgraphs (each migrating and seeding its database when empty), then
 * the gateway, each its own process; shows their logs, then the URLs, a development token and
 * an example. Ctrl-C stops everything.
 *
 * `npm run serve` (`--serve`): the same processes from what `npm run build` left in dist/, as a
 * production install runs them (no dev dependency): databases are only migrated unless
 * SEED_ON_START=true, and no token is minted (in production the keys are the operator's).
 */
interface Service {
  name: string;
  port: number;
  script: string;
}

const env = process.env;
const serving = process.argv.includes("--serve");
const children = new Map<string, ChildProcess>();
let stopping = false;

function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children.values()) child.kill("SIGTERM");
  const wait = [...children.values()].map(
    (child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve))),
  );
  void Promise.all(wait).then(() => process.exit(code));
}

process.once("SIGINT", () => stopAll(0));
process.once("SIGTERM", () => stopAll(0));

await startProcess({ name: "npm start" }, async () => {
  const settings = readSettings(env);
  const host = settings.HOST ?? "127.0.0.1";
  const subgraphs: Service[] = SUBGRAPH_NAMES.map((name) => ({
    name,
    port: settings[`${name.toUpperCase() as Uppercase<typeof name>}_PORT`] ?? DEFAULT_PORTS[name],
    script: `subgraphs/${name}/index.js`,
  }));
  const gateway: Service = {
    name: "gateway",
    port: settings.GATEWAY_PORT ?? settings.PORT ?? 4000,
    script: "gateway/index.js",
  };
  const childEnv = {
    ...env,
    ...Object.fromEntries(
      subgraphs.map((s) => [
        `${s.name.toUpperCase()}_URL`,
        env[`${s.name.toUpperCase()}_URL`] ?? `http://${host}:${s.port}/graphql`,
      ]),
    ),
    GATEWAY_PORT: String(gateway.port),
    ...(serving ? { SEED_ON_START: env.SEED_ON_START ?? "false" } : {}),
    // This process shows their lines: it reads them as JSON.
    LOG_FORMAT: "json",
  };
  const logs = new ServiceLogs(logsArePretty(env));
  const launch = (service: Service) => {
    const flags = service.name === "gateway" ? gatewayNodeFlags(env) : [];
    const child = spawn(process.execPath, [...flags, join(PROJECT_ROOT, "dist", service.script)], {
      env: { ...childEnv, [`${service.name.toUpperCase()}_PORT`]: String(service.port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    logs.follow(child.stdout, child.stderr);
    child.once("exit", (code) => {
      if (stopping) return;
      console.error(`npm start: ${service.name} stopped (exit ${code}); stopping the graph.`);
      stopAll(1);
    });
    children.set(service.name, child);
  };
  const ready = async (service: Service) => {
    const url = `http://${host}:${service.port}/ready`;
    while (
      !(await fetch(url).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (stopping) return new Promise<never>(() => {}); // stopAll exits the process
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  subgraphs.forEach(launch);
  await Promise.all(subgraphs.map(ready));
  launch(gateway);
  await ready(gateway);
  const base = `http://${host}:${gateway.port}`;
  logs.up(serving ? `\nPartner center graph is up: ${base}/graphql\n` : await banner(base));
});

/** What a developer needs once the graph is up: where it is, a token, a first request. */
async function banner(base: string): Promise<string> {
  const partner = demoDirectory().partners[0]!;
  const { key } = authConfigFromEnv(env);
  const token =
    key instanceof Uint8Array
      ? await mintDemoToken({ role: "admin" }, key)
      : "(JWKS_URL is set: bring a token from your identity provider)";
  const query =
    "{ customers(first: 5) { totalCount edges { node { id name associationType balance { amount currency } } } } }";
  return `
Partner center graph is up.
  GraphQL:     ${base}/graphql
  Playground:  ${base}/playground
  Token:       admin of ${partner.name} (valid 12 h; \`npm run token -- --help\` for others)

${token}

Try it:
  curl -s ${base}/graphql -H 'content-type: application/json' \\
    -H 'authorization: Bearer ${token}' \\
    -d '{"query":"${query}"}'

One line per request from here on (every line of every service: LOG_FORMAT=json npm start).
Ctrl-C stops everything.
`;
}
