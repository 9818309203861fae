import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customersOf, partners } from "../helpers/demo.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const [first] = partners;
const admin = { role: "admin", partner: first!.id };

describe("the composed graph", () => {
  it("answers one query from three subgraphs", async () => {
    const { data, errors } = await graph.query(
      `{ customers(first: 5) { totalCount edges { cursor node { id name associationType balance { amount currency }
           consumption(from: "2026-05-01", to: "2026-10-31") { total { amount } } } }
         pageInfo { hasNextPage endCursor } } }`,
      { as: admin },
    );
    expect(errors).toBeUndefined();
    expect(data!.customers.totalCount).toBe(customersOf(first!).length);
    expect(data!.customers.edges).toHaveLength(5);
    for (const { node } of data!.customers.edges) {
      expect(node.balance.currency).toBe("CNY");
      expect(node.balance.amount).toMatch(/^\d+\.\d{2}$/);
      expect(node.consumption.total.amount).toMatch(/^-?\d+\.\d{2}$/);
      expect(["CONSULTING_SALES", "RESALE"]).toContain(node.associationType);
    }
    expect(data!.customers.pageInfo.hasNextPage).toBe(true);
  });

  it("returns the same customers by offset page as by cursor", async () => {
    const { data } = await graph.query(
      `{ customers(first: 5) { edges { node { id } } } customersPage(offset: 0, limit: 5) { totalCount offset limit items { id } } }`,
      { as: admin },
    );
    expect(data!.customersPage.items.map((c: { id: string }) => c.id)).toEqual(
      data!.customers.edges.map((e: { node: { id: string } }) => e.node.id),
    );
    expect(data!.customersPage).toMatchObject({ totalCount: customersOf(first!).length, offset: 0, limit: 5 });
  });
});
