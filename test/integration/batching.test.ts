import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { partners } from "../helpers/demo.js";
import { startGraph, TEST_DEMO, type TestGraph } from "../helpers/graph.js";
import type { SubgraphName } from "../../common/services.js";

let graph: TestGraph;
beforeAll(async () => {
  // Enough customers for a page of 100 of the first partner.
  graph = await startGraph({ demo: { ...TEST_DEMO, customers: 300 } });
});
afterAll(() => graph?.close());

const PAGE = `query($size: Int!) { customers(first: $size) { edges { node { id name manager { id name }
  balance { amount } consumption(from: "2026-05-01", to: "2026-10-31") { total { amount } byMonth { billCycle } } } } } }`;

async function statementsFor(
  size: number,
  as: { role: string; partner?: string; staff?: string },
): Promise<Record<SubgraphName, number>> {
  const names: SubgraphName[] = ["partners", "customers", "billing"];
  const before = await Promise.all(names.map((n) => graph.statements(n)));
  const { data, errors } = await graph.query(PAGE, { as, variables: { size } });
  expect(errors).toBeUndefined();
  expect(data!.customers.edges.length).toBeGreaterThan(0);
  const after = await Promise.all(names.map((n) => graph.statements(n)));
  return Object.fromEntries(names.map((n, i) => [n, after[i]! - before[i]!])) as Record<SubgraphName, number>;
}

describe("batching", () => {
  it("costs the same statements for a page of 5 and a page of 100", async () => {
    const admin = { role: "admin", partner: partners[0]!.id };
    const small = await statementsFor(5, admin);
    const large = await statementsFor(100, admin);
    expect(large).toEqual(small);
    // customers: the page; billing: balances and consumption; partners: the managers.
    expect(small).toEqual({ customers: 1, billing: 2, partners: 1 });
  });

  it("batches balance, consumption and vouchers(first: 5) of 100 customers as of 5", async () => {
    const page = `query($size: Int!) { customers(first: $size) { edges { node { id balance { amount } consumption(from: "2026-05-01", to: "2026-10-31") { total { amount } }
      vouchers(first: 5) { totalCount edges { node { id faceValue { amount } } } } } } } }`;
    const count = async (size: number) => {
      const before = await graph.statements("billing");
      const { data, errors } = await graph.query(page, {
        as: { role: "admin", partner: partners[0]!.id },
        variables: { size },
      });
      expect(errors).toBeUndefined();
      expect(data!.customers.edges).toHaveLength(size);
      return (await graph.statements("billing")) - before;
    };
    const [five, hundred] = [await count(5), await count(100)];
    // Balances, consumption, voucher pages and voucher counts: one statement each.
    expect(hundred).toBe(five);
    expect(hundred).toBe(4);
  });

  it("keeps a manager's page with per-customer assignment dates to one consumption statement", async () => {
    const manager = partners[0]!.staff.find((s) => s.role === "manager")!;
    const counts = await statementsFor(100, { role: "manager", partner: partners[0]!.id, staff: manager.id });
    expect(counts).toEqual({ customers: 1, billing: 2, partners: 1 });
  });
});
