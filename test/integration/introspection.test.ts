import { buildClientSchema, printSchema, type IntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { partners } from "../helpers/demo.js";
import { post, startGraph, type TestGraph } from "../helpers/graph.js";
import { TOOL_INTROSPECTION_QUERIES } from "../helpers/introspectionQueries.js";

let graph: TestGraph;
let headers: Record<string, string>;
beforeAll(async () => {
  graph = await startGraph();
  headers = { authorization: `Bearer ${await graph.token({ role: "analyst", partner: partners[0]!.id })}` };
});
afterAll(() => graph?.close());

describe("introspection with the default configuration", () => {
  it.each(Object.entries(TOOL_INTROSPECTION_QUERIES))(
    "answers the introspection query of %s with a schema a client can build",
    async (_tool, query) => {
      const response = await post<IntrospectionQuery>(graph.gateway.graphqlUrl, { query }, headers);
      expect(response.status).toBe(200);
      expect(response.errors).toBeUndefined();
      const schema = buildClientSchema(response.data!);
      expect(schema.getType("Customer")?.description).toBeTruthy();
      expect(printSchema(schema)).toContain("consumptionDashboard(");
    },
  );

  it("answers isOneOf, which Apollo's planner does not know (null but for input types)", async () => {
    const query = `{ output: __type(name: "Customer") { name isOneOf } input: __type(name: "CustomerFilter") { isOneOf } }`;
    const response = await post(graph.gateway.graphqlUrl, { query }, headers);
    expect(response.errors).toBeUndefined();
    expect(response).toMatchObject({
      status: 200,
      data: { output: { name: "Customer", isOneOf: null }, input: { isOneOf: false } },
    });
  });

  it("answers schema and data fields of one operation together, in the operation's order", async () => {
    const query = `query Both { count: customers(first: 1) { totalCount } __typename t: __type(name: "Money") { name } me { role } }`;
    const response = await post(graph.gateway.graphqlUrl, { query }, headers);
    expect(response.errors).toBeUndefined();
    expect(Object.keys(response.data!)).toEqual(["count", "__typename", "t", "me"]);
    expect(response.data).toMatchObject({ __typename: "Query", t: { name: "Money" }, me: { role: "ANALYST" } });
  });

  it("refuses introspection nested deeper than any tool asks, with a coded 400 and no subgraph call", async () => {
    const before = await graph.statements("partners");
    const abusive = `{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }`;
    const response = await post(graph.gateway.graphqlUrl, { query: abusive }, headers);
    expect(response.status).toBe(400);
    expect(response.errors![0]!.extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(response.errors![0]!.message).toMatch(/introspection/i);
    expect(await graph.statements("partners")).toBe(before);
  });
});
