import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, startScript } from "../helpers/processes.js";

export interface GraphProcess {
  url: string;
  ports: Record<string, number>;
  token(role: string): Promise<string>;
  stop(): Promise<void>;
}

/** The whole graph as `npm start` runs it (one process per service), on free ports and a fresh data folder. */
export async function startGraphProcess(seed: { customers: number; months: number }): Promise<GraphProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), "partner-graph-bench-"));
  const ports = { GATEWAY_PORT: await freePort(), PARTNERS_PORT: await freePort(), CUSTOMERS_PORT: await freePort(), BILLING_PORT: await freePort(), INCENTIVES_PORT: await freePort() };
  const env = { ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])), DATA_DIR: dataDir, SEED_CUSTOMERS: String(seed.customers), SEED_MONTHS: String(seed.months), NODE_ENV: "production", RATE_LIMIT_PER_SECOND: "0", JWT_SECRET: "bench-secret", GATEWAY_TOKEN_SECRET: "bench-gateway-secret" };
  const { child } = await startScript("gateway/cli/start.js", env, /Ctrl-C stops everything/, 300_000);
  const { mintDemoToken } = await import("../../gateway/devTokens.js");
  return {
    url: `http://127.0.0.1:${ports.GATEWAY_PORT}/graphql`,
    ports,
    token: (role) => mintDemoToken({ role }, new TextEncoder().encode("bench-secret")),
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGINT");
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
