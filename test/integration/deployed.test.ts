import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintDemoToken } from "../../gateway/devTokens.js";
import { SUBGRAPH_NAMES, type SubgraphName } from "../../common/services.js";
import { partners } from "../helpers/demo.js";
import { processDeployment, type ProcessDeployment } from "../helpers/deployment.js";
import { post } from "../helpers/graph.js";
import { freePort } from "../helpers/processes.js";

/**
 * The graph as an operator runs it: every service its own process in production mode, with
 * `/metrics` on ports of their own.
 */
const JWT_SECRET = "deployed-client-secret";
let graph: ProcessDeployment;
let gateway: string;
const metricsPorts = {} as Record<SubgraphName | "gateway", number>;
const partner = partners[0]!;
const token = () => mintDemoToken({ role: "admin", partner: partner.id }, new TextEncoder().encode(JWT_SECRET));

beforeAll(async () => {
  for (const name of [...SUBGRAPH_NAMES, "gateway"] as const) metricsPorts[name] = await freePort();
  graph = await processDeployment({
    NODE_ENV: "production",
    JWT_SECRET,
    GATEWAY_TOKEN_SECRET: "deployed-gateway-secret",
    // A production database is left empty unless asked.
    SEED_ON_START: "true",
    ...Object.fromEntries(
      SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_METRICS_PORT`, String(metricsPorts[name])]),
    ),
  });
  for (const name of SUBGRAPH_NAMES) await graph.startSubgraph(name);
  const port = await freePort();
  await graph.start("gateway/index.js", { GATEWAY_PORT: String(port), METRICS_PORT: String(metricsPorts.gateway) });
  gateway = `http://127.0.0.1:${port}`;
}, 180_000);
afterAll(() => graph?.stop());

describe("metrics apart", () => {
  it("are served on each service's metrics port, and not on its public port in production", async () => {
    const answer = await post(
      `${gateway}/graphql`,
      { query: `query CustomerPage { customers(first: 3) { totalCount edges { node { balance { amount } } } } }` },
      { authorization: `Bearer ${await token()}` },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.customers.totalCount).toBeGreaterThan(0);

    const publicUrls = [gateway, ...SUBGRAPH_NAMES.map((name) => graph.urls[name])];
    for (const url of publicUrls) expect((await fetch(new URL("/metrics", url))).status).toBe(404);

    const metricsOf = async (name: SubgraphName | "gateway") => {
      const response = await fetch(`http://127.0.0.1:${metricsPorts[name]}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/plain");
      return response.text();
    };
    expect(await metricsOf("gateway")).toMatch(
      /graphql_operations_total\{operation="CustomerPage",outcome="ok",service="gateway"\} 1\n/,
    );
    for (const name of ["customers", "billing"] as const)
      expect(await metricsOf(name)).toMatch(
        new RegExp(`sql_statements_total\\{origin="request",service="${name}"\\} [1-9]\\d*`),
      );
    for (const name of ["partners", "incentives"] as const)
      expect(await metricsOf(name)).toContain(`process_cpu_seconds_total{service="${name}"}`);
    // The metrics port serves nothing else.
    const other = await fetch(`http://127.0.0.1:${metricsPorts.gateway}/graphql`, { method: "POST" });
    expect(other.status).toBe(404);
  });
});
