import { writeSupergraph } from "../helpers/subgraphServer.js";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../common/paths.js";
import { post, startGraph, type TestGraph } from "../helpers/graph.js";
import { freePort } from "../helpers/processes.js";
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

  it("answers a path nothing serves, or a malformed one, with a coded JSON error, not an HTML page", async () => {
    const cases = [
      [graph.gateway.url, "/", 404, "NOT_FOUND"],
      [graph.gateway.url, "/nope?x=1", 404, "NOT_FOUND"],
      [graph.gateway.url, "/playground/assets/%E0%A4%A", 400, "BAD_USER_INPUT"],
      [graph.gateway.url, "/playground/assets/nope.js", 404, "NOT_FOUND"],
      [graph.subgraphs.customers.url, "/nope", 404, "NOT_FOUND"],
    ] as const;
    for (const [url, path, status, code] of cases) {
      const response = await fetch(`${url}${path}`);
      expect([path, response.status, response.headers.get("content-type")]).toEqual([
        path,
        status,
        "application/json; charset=utf-8",
      ]);
      const { errors } = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(errors[0]!.extensions.code).toBe(code);
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
    expect(await response.json()).toEqual({
      status: "not ready",
      reason: "subgraphs not answering: incentives",
      subgraphs: ["incentives"],
    });
    const { errors } = await graph.query(`{ incentiveNotices(first: 1) { totalCount } }`, { as: { role: "admin" } });
    expect(errors![0]).toMatchObject({
      message: expect.stringContaining("incentives service is not reachable"),
      extensions: { code: "INTERNAL_SERVER_ERROR", serviceName: "incentives" },
    });
    expect(JSON.stringify(errors)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
    // The other subgraphs still answer.
    const { data } = await graph.query(`{ partner { name } }`, { as: { role: "admin" } });
    expect(data!.partner.name).toBeTruthy();
    // Back, it is ready again.
    await graph.restart("incentives");
    expect((await fetch(`${graph.gateway.url}/ready`)).status).toBe(200);
  });
});

/** Another team's subgraph, as such teams write them: Apollo Server standalone, no `/health`, no token. */
async function foreignSubgraph(typeDefs: string, resolvers: Record<string, any>) {
  const server = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers }) });
  const port = await freePort();
  await startStandaloneServer(server, { listen: { port, host: "127.0.0.1" } });
  return { url: `http://127.0.0.1:${port}/`, typeDefs, stop: () => server.stop() };
}

describe("readiness in front of any supergraph", () => {
  const FEDERATION = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])`;
  let products: Awaited<ReturnType<typeof foreignSubgraph>>;
  let reviews: Awaited<ReturnType<typeof foreignSubgraph>>;
  let supergraph: string;

  beforeAll(async () => {
    products = await foreignSubgraph(
      `${FEDERATION} type Query { products: [Product!]! } type Product @key(fields: "id") { id: ID! name: String! }`,
      { Query: { products: () => [{ id: "p1", name: "Lamp" }] } },
    );
    reviews = await foreignSubgraph(`${FEDERATION} type Product @key(fields: "id") { id: ID! stars: Int! }`, {
      Product: { __resolveReference: ({ id }: { id: string }) => ({ id, stars: 4 }) },
    });
    const subgraphs = Object.entries({ products, reviews }).map(([name, { url, typeDefs }]) => ({
      name,
      url,
      typeDefs: parse(typeDefs),
    }));
    supergraph = writeSupergraph(subgraphs).path;
  });
  afterAll(async () => {
    await products?.stop();
    await reviews?.stop();
  });

  it("turns ready once every subgraph answers a GraphQL probe, and names the ones that do not", async () => {
    expect((await fetch(new URL("/health", products.url))).ok).toBe(false);
    const gateway = await graph.gatewayWith({ supergraphPath: supergraph, subgraphUrls: {} });
    const ready = await eventually(async () => {
      const response = await fetch(`${gateway.url}/ready`);
      return response.status === 200 ? response.json() : undefined;
    });
    expect(ready).toEqual({ status: "ready" });
    const answer = await post(
      gateway.graphqlUrl,
      { query: `{ products { name stars } }` },
      { authorization: `Bearer ${await graph.token({ role: "admin" })}` },
    );
    expect(answer.data).toEqual({ products: [{ name: "Lamp", stars: 4 }] });

    await reviews.stop();
    const response = await fetch(`${gateway.url}/ready`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: "not ready",
      reason: "subgraphs not answering: reviews",
      subgraphs: ["reviews"],
    });
  });

  it("asks a health path instead when one is set: GET on each subgraph's origin", async () => {
    const foreign = await graph.gatewayWith({
      supergraphPath: supergraph,
      subgraphUrls: {},
      subgraphHealthPath: "/health",
    });
    const ours = await graph.gatewayWith({ subgraphHealthPath: "/health" });
    const answer = await eventually(async () => {
      const response = await fetch(`${foreign.url}/ready`);
      const body = (await response.json()) as { reason?: string };
      return body.reason === "the supergraph is not loaded yet" ? undefined : { status: response.status, body };
    });
    expect(answer).toEqual({
      status: 503,
      body: {
        status: "not ready",
        reason: "subgraphs not answering: products, reviews",
        subgraphs: ["products", "reviews"],
      },
    });
    const mine = await eventually(async () => {
      const response = await fetch(`${ours.url}/ready`);
      return response.status === 200 ? response.json() : undefined;
    });
    expect(mine).toEqual({ status: "ready" });
  });
});
