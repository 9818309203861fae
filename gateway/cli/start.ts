import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../common/paths.js";
import { DEFAULT_PORTS, SUBGRAPH_NAMES } from "../../common/services.js";
import { authConfigFromEnv } from "../auth.js";
import { demoDirectory, mintDemoToken } from "../devTokens.js";
import { gatewayNodeFlags } from "../nodeFlags.js";

/**
 * `npm start`: the four subgraphs (each migrating and seeding its database when empty), then
 * the gateway, each its own process; prints the URL, a development token and an example.
 * Ctrl-C stops everything.
 */
const env = process.env;
const host = env.HOST ?? "127.0.0.1";
const portOf = (name: string, fallback: number) => Number(env[`${name.toUpperCase()}_PORT`] ?? fallback);
const subgraphs = SUBGRAPH_NAMES.map((name) => ({
  name,
  port: portOf(name, DEFAULT_PORTS[name]),
  script: `subgraphs/${name}/index.js`,
}));
const gateway = { name: "gateway", port: portOf("gateway", Number(env.PORT ?? 4000)), script: "gateway/index.js" };
const childEnv = {
  ...env,
  ...Object.fromEntries(
    subgraphs.map((s) => [
      `${s.name.toUpperCase()}_URL`,
      env[`${s.name.toUpperCase()}_URL`] ?? `http://${host}:${s.port}/graphql`,
    ]),
  ),
};

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

function launch(service: { name: string; port: number; script: string }): ChildProcess {
  const flags = service.name === "gateway" ? gatewayNodeFlags(env) : [];
  const child = spawn(process.execPath, [...flags, join(PROJECT_ROOT, "dist", service.script)], {
    env: {
      ...childEnv,
      [`${service.name.toUpperCase()}_PORT`]: String(service.port),
      GATEWAY_PORT: String(gateway.port),
    },
    stdio: "inherit",
  });
  child.once("exit", (code) => {
    if (!stopping) {
      console.error(`${service.name} stopped unexpectedly (exit ${code}); stopping the graph.`);
      stopAll(1);
    }
  });
  children.set(service.name, child);
  return child;
}

async function ready(service: { name: string; port: number }): Promise<void> {
  for (;;) {
    if (stopping) throw new Error("stopping");
    const ok = await fetch(`http://${host}:${service.port}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

process.once("SIGINT", () => stopAll(0));
process.once("SIGTERM", () => stopAll(0));

try {
  subgraphs.forEach(launch);
  await Promise.all(subgraphs.map(ready));
  launch(gateway);
  await ready(gateway);
  const partner = demoDirectory().partners[0]!;
  const { key } = authConfigFromEnv(env);
  const token =
    key instanceof Uint8Array
      ? await mintDemoToken({ role: "admin" }, key)
      : "(JWKS_URL is set: bring a token from your identity provider)";
  const url = `http://${host}:${gateway.port}/graphql`;
  const query =
    "{ customers(first: 5) { totalCount edges { node { id name associationType balance { amount currency } } } } }";
  console.log(`
Partner center graph is up.
  GraphQL:  ${url}
  Token:    admin of ${partner.name} (valid 12 h; \`npm run token -- --help\` for others)

${token}

Try it:
  curl -s ${url} -H 'content-type: application/json' \\
    -H 'authorization: Bearer ${token}' \\
    -d '{"query":"${query}"}'

Ctrl-C stops everything.`);
} catch (error) {
  if (!stopping) {
    console.error(`Start-up failed: ${(error as Error).message}`);
    stopAll(1);
  }
}
