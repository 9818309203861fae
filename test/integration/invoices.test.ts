import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOfCycle } from "../../common/demo.js";
import { customersOf, partners } from "../helpers/demo.js";
import { recordLine } from "../helpers/consumptionLines.js";
import { sql, startGraph, TEST_DEMO, type TestGraph } from "../helpers/graph.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const [a, b] = partners as [(typeof partners)[0], (typeof partners)[0]];
const admin = { role: "admin", partner: a.id };
const analyst = { role: "analyst", partner: a.id };
const [resale, another] = customersOf(a).filter((c) => c.associationType === "RESALE");
const consulting = customersOf(a).find((c) => c.associationType === "CONSULTING_SALES")!;
/** The last ended bill cycle: the demo world ends before it, so its lines are the test's own. */
const now = new Date();
const cycle = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
const current = now.toISOString().slice(0, 7);

const FIELDS = `id billCycle status issuedAt customer { id } amount { amount } tax { amount } amountExcludingTax { amount } taxRate`;
const LIST = `query($cycle: String!) { invoices(cycle: $cycle, first: 100) { totalCount edges { node { ${FIELDS} } } } }`;
const PREPARE = `mutation($cycle: String!) { prepareInvoices(cycle: $cycle) { cycle drafts issued } }`;
const ISSUE = `mutation($id: ID!) { issueInvoice(invoiceId: $id) { ${FIELDS} } }`;

let lines = 0;
const record = (customerId: string, amount: string, more: Record<string, unknown> = {}) =>
  recordLine(graph, {
    id: `inv-line-${++lines}`,
    partnerId: a.id,
    customerId,
    tradeTime: new Date(startOfCycle(cycle) + lines * 60_000).toISOString(),
    tradeId: `T${lines}`,
    serviceType: "RDS",
    billDetailType: amount.startsWith("-") ? "REFUND" : "USAGE",
    officialAmount: amount,
    ...more,
  });

const invoicesOf = async (as = admin, of = cycle) =>
  (await graph.query(LIST, { as, variables: { cycle: of } })).data!.invoices;
const invoiceOf = async (customerId: string) =>
  (await invoicesOf()).edges
    .map((e: { node: { customer: { id: string } } }) => e.node)
    .find((i: { customer: { id: string } }) => i.customer.id === customerId);

describe("resale invoices", () => {
  it("drafts one per resale customer equal to its resale consumption, follows late lines, issues once", async () => {
    for (const [amount, fundingSource] of [
      ["100.00", "ALLOCATED_FUNDS"],
      ["50.25", "VOUCHER"],
      ["10.00", "CUSTOMER_CASH"],
      ["-0.25", "CUSTOMER_CASH"],
    ] as const) {
      if (fundingSource === "ALLOCATED_FUNDS")
        await sql(
          graph.subgraphs.billing.db,
          `UPDATE customer_balances SET allocated = 1000000 WHERE customer_id = ?`,
          [resale!.id],
        );
      expect((await record(resale!.id, amount, { fundingSource })).errors).toBeUndefined();
    }
    expect((await record(another!.id, "0.01", { fundingSource: "VOUCHER" })).errors).toBeUndefined();
    // Consulting sales: the customer pays the platform, which invoices it; the partner does not.
    expect((await record(consulting.id, "999.00", { payer: "PARTNER" })).errors).toBeUndefined();

    const prepared = await graph.query(PREPARE, { as: admin, variables: { cycle } });
    expect(prepared.data!.prepareInvoices).toEqual({ cycle, drafts: 2, issued: 0 });
    const list = await invoicesOf();
    expect(list.totalCount).toBe(2);
    expect(list.edges.map((e: { node: { customer: { id: string } } }) => e.node.customer.id)).not.toContain(
      consulting.id,
    );
    // 160.00 includes 6% VAT: 150.94 without it, 9.06 of tax.
    expect(await invoiceOf(resale!.id)).toMatchObject({
      billCycle: cycle,
      status: "DRAFT",
      issuedAt: null,
      amount: { amount: "160.00" },
      tax: { amount: "9.06" },
      amountExcludingTax: { amount: "150.94" },
      taxRate: "0.06",
    });

    // A line the platform charges late joins the draft when the cycle is prepared again.
    await record(resale!.id, "1.00", { fundingSource: "VOUCHER" });
    expect((await graph.query(PREPARE, { as: admin, variables: { cycle } })).data!.prepareInvoices.drafts).toBe(2);
    const draft = await invoiceOf(resale!.id);
    expect(draft.amount.amount).toBe("161.00");

    const issued = await graph.query(ISSUE, { as: admin, variables: { id: draft.id } });
    expect(issued.errors).toBeUndefined();
    expect(issued.data!.issueInvoice).toMatchObject({ status: "ISSUED", amount: { amount: "161.00" } });
    expect(issued.data!.issueInvoice.issuedAt).toEqual(expect.any(String));
    const twice = await graph.query(ISSUE, { as: admin, variables: { id: draft.id } });
    expect(twice.errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "invoice-issued" });
    // Issued, the customer's cycle is closed to new lines, and preparing changes nothing of it.
    const late = await record(resale!.id, "2.00", { fundingSource: "VOUCHER" });
    expect(late.errors![0]!.extensions).toMatchObject({ rule: "cycle-invoiced" });
    expect((await graph.query(PREPARE, { as: admin, variables: { cycle } })).data!.prepareInvoices).toEqual({
      cycle,
      drafts: 1,
      issued: 1,
    });
    expect((await invoiceOf(resale!.id)).amount.amount).toBe("161.00");

    // The customer sees the invoice issued to it, never a draft, nor another customer's.
    const MINE = `{ myInvoices(first: 10) { edges { node { id billCycle status amount { amount } } } } }`;
    const mine = await graph.query(MINE, { as: { role: "customer", customer: resale!.id } });
    expect(mine.data!.myInvoices.edges[0].node).toEqual({
      id: draft.id,
      billCycle: cycle,
      status: "ISSUED",
      amount: { amount: "161.00" },
    });
    const theirs = await graph.query(MINE, { as: { role: "customer", customer: another!.id } });
    expect(theirs.data!.myInvoices.edges.map((e: { node: { status: string } }) => e.node.status)).not.toContain(
      "DRAFT",
    );
    expect(JSON.stringify(theirs.data)).not.toContain(draft.id);
  });

  it("equals, to the fen, each resale customer's consumption in the demo's invoiced cycles", async () => {
    const [row] = await sql(
      graph.subgraphs.billing.db,
      `SELECT COUNT(*) AS invoices,
              SUM(CASE WHEN i.amount = (SELECT SUM(r.amount) FROM consumption_records r WHERE r.customer_id = i.customer_id AND r.bill_cycle = i.bill_cycle AND r.funding_source IS NOT NULL) THEN 1 ELSE 0 END) AS exact
       FROM invoices i WHERE i.bill_cycle = ?`,
      [TEST_DEMO.until],
    );
    expect(Number(row.invoices)).toBeGreaterThan(0);
    expect(Number(row.exact)).toBe(Number(row.invoices));
    // Cursor pages and offset pages walk the same invoices in the same order.
    const byCursor = (await invoicesOf(analyst, TEST_DEMO.until)).edges.map((e: { node: { id: string } }) => e.node.id);
    const byOffset = await graph.query(
      `query($cycle: String!) { invoicesPage(cycle: $cycle, offset: 0, limit: 100, status: DRAFT) { totalCount items { id } } }`,
      { as: analyst, variables: { cycle: TEST_DEMO.until } },
    );
    expect(byOffset.data!.invoicesPage.items.map((i: { id: string }) => i.id)).toEqual(byCursor.slice(0, 100));
  });

  it("refuses a cycle that has not ended, a malformed one, and roles that may not", async () => {
    const open = await graph.query(PREPARE, { as: admin, variables: { cycle: current } });
    expect(open.errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "cycle-not-ended" });
    const malformed = await graph.query(LIST, { as: admin, variables: { cycle: "2026-1" } });
    expect(malformed.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "cycle" });
    for (const as of [analyst, { role: "manager", partner: a.id }]) {
      const refused = await graph.query(PREPARE, { as, variables: { cycle } });
      expect(refused.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    }
    const manager = await graph.query(LIST, { as: { role: "manager", partner: a.id }, variables: { cycle } });
    expect(manager.errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });

  it("never lets a line land after its invoice was issued, however they race", async () => {
    const bAdmin = { role: "admin", partner: b.id };
    const customer = customersOf(b).find((c) => c.associationType === "RESALE")!;
    const line = (n: number) =>
      recordLine(graph, {
        id: `race-line-${n}`,
        partnerId: b.id,
        customerId: customer.id,
        tradeTime: new Date(startOfCycle(cycle) + n * 60_000).toISOString(),
        tradeId: `R${n}`,
        serviceType: "RDS",
        officialAmount: "1.01",
        fundingSource: "VOUCHER",
      });
    expect((await line(0)).errors).toBeUndefined();
    await graph.query(PREPARE, { as: bAdmin, variables: { cycle } });
    const draft = (await invoicesOf(bAdmin)).edges
      .map((e: { node: { id: string; customer: { id: string } } }) => e.node)
      .find((i: { customer: { id: string } }) => i.customer.id === customer.id);
    const [issued, ...answers] = await Promise.all([
      graph.query(ISSUE, { as: bAdmin, variables: { id: draft.id } }),
      ...Array.from({ length: 20 }, (_, i) => line(i + 1)),
    ]);
    // Each line either counts in the invoice or is refused because the cycle is invoiced.
    for (const answer of answers)
      if (answer.errors) expect(answer.errors[0]!.extensions).toMatchObject({ rule: "cycle-invoiced" });
    const accepted = 1 + answers.filter((answer) => !answer.errors).length;
    expect(issued.data!.issueInvoice.amount.amount).toBe((accepted * 1.01).toFixed(2));
    const [{ total }] = await sql(
      graph.subgraphs.billing.db,
      `SELECT SUM(amount) AS total FROM consumption_records WHERE customer_id = ? AND bill_cycle = ? AND funding_source IS NOT NULL`,
      [customer.id, cycle],
    );
    expect(Number(total)).toBe(accepted * 101);
  });

  it("never shows or issues another partner's invoices", async () => {
    const theirs = (await invoicesOf({ role: "admin", partner: b.id }, TEST_DEMO.until)).edges[0].node;
    const mine = (await invoicesOf(admin, TEST_DEMO.until)).edges.map((e: { node: { id: string } }) => e.node.id);
    expect(mine).not.toContain(theirs.id);
    const refused = await graph.query(ISSUE, { as: admin, variables: { id: theirs.id } });
    expect(refused.errors![0]!.extensions!.code).toBe("NOT_FOUND");
  });
});
