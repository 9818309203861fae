import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../common/paths.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";
import { eventually } from "../helpers/wait.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";

let graph: TestGraph;
const supergraphPath = join(mkdtempSync(join(tmpdir(), "supergraph-")), "supergraph.graphql");
beforeAll(async () => {
  copyFileSync(join(PROJECT_ROOT, "schema", "supergraph.graphql"), supergraphPath);
  graph = await startGraph({ supergraphPath });
});
afterAll(() => graph?.close());

describe("health, readiness and metrics", () => {
  it("answers /health and /ready on the gateway and every subgraph", async () => {
    for (const url of [graph.gateway.url, ...Object.values(graph.subgraphs).map((s) => s.url)]) {
      expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: "ok" });
      expect(await (await fetch(`${url}/ready`)).json()).toEqual({ status: "ready" });
    }
  });

  it("exposes Prometheus metrics: requests at the gateway, SQL statements per subgraph", async () => {
    await graph.query(`{ customers(first: 3) { totalCount } }`, { as: { role: "admin" } });
    const gateway = await (await fetch(`${graph.gateway.url}/metrics`)).text();
    expect(gateway).toMatch(/http_requests_total\{route="\/graphql",status="200",service="gateway"\} \d+/);
    expect(gateway).toContain("process_cpu_seconds_total");
    const customers = await fetch(`${graph.subgraphs.customers.url}/metrics`);
    expect(customers.headers.get("content-type")).toContain("text/plain");
    expect(await customers.text()).toMatch(/sql_statements_total\{origin="request",service="customers"\} [1-9]\d*/);
  });
});

describe("the supergraph file", () => {
  it("is reloaded when it changes, without a restart", async () => {
    const original = readFileSync(supergraphPath, "utf8");
    const description = "My partner: the partner company of the caller's token; null for customers.";
    expect(original).toContain(description);
    writeFileSync(supergraphPath, original.replace(description, "My partner (reloaded)."));
    const query = `{ __type(name: "Query") { fields { name description } } }`;
    const reloaded = await eventually(async () => {
      const { data } = await graph.query(query, { as: { role: "analyst" } });
      const field = data!.__type.fields.find((f: { name: string }) => f.name === "partner");
      return field.description === "My partner (reloaded)." ? field : undefined;
    });
    expect(reloaded.description).toBe("My partner (reloaded).");
    // A broken file is refused and the loaded supergraph keeps serving.
    writeFileSync(supergraphPath, "this is not a supergraph");
    await new Promise((resolve) => setTimeout(resolve, 400));
    const { data } = await graph.query(`{ partner { name } }`, { as: { role: "admin" } });
    expect(data!.partner.name).toBeTruthy();
    writeFileSync(supergraphPath, original);
  });

  it("reports the gateway not ready while a subgraph is down", async () => {
    await graph.subgraphs.incentives.close();
    const response = await fetch(`${graph.gateway.url}/ready`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "not ready", reason: "subgraphs not reachable: incentives" });
    const { errors } = await graph.query(`{ incentiveNotices(first: 1) { totalCount } }`, { as: { role: "admin" } });
    expect(errors![0]).toMatchObject({
      message: expect.stringContaining("incentives service is not reachable"),
      extensions: { code: "INTERNAL_SERVER_ERROR", serviceName: "incentives" },
    });
    expect(JSON.stringify(errors)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
    // The other subgraphs still answer.
    const { data } = await graph.query(`{ partner { name } }`, { as: { role: "admin" } });
    expect(data!.partner.name).toBeTruthy();
  });
});
