import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatMinor, minor } from "../../subgraphs/common/money.js";
import { customersOf, partners } from "../helpers/demo.js";
import { sql, startGraph, type TestGraph } from "../helpers/graph.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const [a, , c] = partners as [(typeof partners)[0], (typeof partners)[0], (typeof partners)[0]];
const admin = { role: "admin", partner: a.id };
const ALLOCATE = `mutation($input: FundTransferInput!) { allocateFunds(input: $input) { id kind amount { amount } idempotencyKey customer { id } } }`;
const RECOVER = `mutation($input: FundTransferInput!) { recoverFunds(input: $input) { id kind amount { amount } } }`;
const resale = customersOf(a).filter((x) => x.associationType === "RESALE");
const consulting = customersOf(a).find((x) => x.associationType === "CONSULTING_SALES")!;

async function money(partnerId: string) {
  const db = graph.subgraphs.billing.db;
  const [account] = await sql(
    db,
    `SELECT cash, ring_fenced AS "ringFenced" FROM partner_accounts WHERE partner_id = ?`,
    [partnerId],
  );
  const [{ allocated }] = await sql(
    db,
    `SELECT COALESCE(SUM(allocated), 0) AS allocated FROM customer_balances WHERE partner_id = ?`,
    [partnerId],
  );
  const [{ transfers }] = await sql(db, `SELECT COUNT(*) AS transfers FROM fund_transfers WHERE partner_id = ?`, [
    partnerId,
  ]);
  return {
    cash: minor(account.cash),
    ringFenced: minor(account.ringFenced),
    allocated: minor(allocated),
    transfers: Number(transfers),
  };
}

describe("partner balances", () => {
  it("shows balances by type to admin and analyst, and allocatable = cash - ring-fenced", async () => {
    const { data } = await graph.query(
      `{ partner { balances { cash { amount } credit { amount } bonus { amount } deposit { amount } ringFenced { amount } allocatable { amount } } } }`,
      { as: { role: "analyst", partner: a.id } },
    );
    const before = await money(a.id);
    expect(data!.partner.balances).toMatchObject({
      cash: { amount: formatMinor(before.cash) },
      allocatable: { amount: formatMinor(before.cash - before.ringFenced) },
    });
    const manager = await graph.query(`{ partner { balances { cash { amount } } } }`, {
      as: { role: "manager", partner: a.id },
    });
    expect(manager.errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });
});

describe("allocating and recovering funds", () => {
  it("moves exact amounts both ways, once per idempotency key, into the ledger", async () => {
    const customer = resale[0]!;
    const before = await money(a.id);
    const input = { customerId: customer.id, amount: "1234.56", idempotencyKey: "alloc-1", memo: "Q4 budget" };
    const first = await graph.query(ALLOCATE, { as: admin, variables: { input } });
    expect(first.data!.allocateFunds).toMatchObject({
      kind: "ALLOCATE",
      amount: { amount: "1234.56" },
      customer: { id: customer.id },
      idempotencyKey: "alloc-1",
    });
    const retry = await graph.query(ALLOCATE, { as: admin, variables: { input } });
    expect(retry.data!.allocateFunds.id).toBe(first.data!.allocateFunds.id);
    const after = await money(a.id);
    expect(after.cash).toBe(before.cash - 123456n);
    expect(after.allocated).toBe(before.allocated + 123456n);
    expect(after.transfers).toBe(before.transfers + 1);

    const reused = await graph.query(ALLOCATE, { as: admin, variables: { input: { ...input, amount: "1.00" } } });
    expect(reused.errors![0]!.extensions!.code).toBe("CONFLICT");

    const recovered = await graph.query(RECOVER, {
      as: admin,
      variables: { input: { customerId: customer.id, amount: "0.56", idempotencyKey: "recover-1" } },
    });
    expect(recovered.data!.recoverFunds).toMatchObject({ kind: "RECOVER", amount: { amount: "0.56" } });
    expect((await money(a.id)).cash).toBe(before.cash - 123400n);

    const ledger = await graph.query(
      `{ fundTransfers(first: 5, filter: { customerId: "${customer.id}" }) { totalCount edges { node { kind amount { amount } memo } } } fundTransfersPage(limit: 5, filter: { customerId: "${customer.id}" }) { items { kind } } }`,
      { as: admin },
    );
    expect(ledger.data!.fundTransfers.edges.map((e: { node: { kind: string } }) => e.node.kind)).toEqual([
      "RECOVER",
      "ALLOCATE",
    ]);
    expect(ledger.data!.fundTransfersPage.items.map((t: { kind: string }) => t.kind)).toEqual(["RECOVER", "ALLOCATE"]);
  });

  it.each([
    ["3 decimals", "1.005", "BAD_USER_INPUT"],
    ["zero", "0.00", "BAD_USER_INPUT"],
    ["a negative amount", "-5.00", "BAD_USER_INPUT"],
  ])("refuses %s and writes nothing", async (_, amount, code) => {
    const before = await money(a.id);
    const { errors } = await graph.query(ALLOCATE, {
      as: admin,
      variables: { input: { customerId: resale[1]!.id, amount, idempotencyKey: `bad-${amount}` } },
    });
    expect(errors![0]!.extensions).toMatchObject({ code, argument: "input.amount" });
    expect(await money(a.id)).toEqual(before);
  });

  it("refuses consulting-sales customers, another partner's customers, and overdrafts", async () => {
    const before = await money(a.id);
    const consultingRefused = await graph.query(ALLOCATE, {
      as: admin,
      variables: { input: { customerId: consulting.id, amount: "10.00", idempotencyKey: "k-consulting" } },
    });
    expect(consultingRefused.errors![0]!.extensions).toMatchObject({
      code: "PRECONDITION_FAILED",
      rule: "resale-only",
    });
    const foreign = await graph.query(ALLOCATE, {
      as: admin,
      variables: { input: { customerId: customersOf(c)[0]!.id, amount: "10.00", idempotencyKey: "k-foreign" } },
    });
    expect(foreign.errors![0]!.extensions!.code).toBe("NOT_FOUND");
    const tooMuch = await graph.query(ALLOCATE, {
      as: admin,
      variables: { input: { customerId: resale[1]!.id, amount: "99999999.00", idempotencyKey: "k-too-much" } },
    });
    expect(tooMuch.errors![0]!.extensions).toMatchObject({
      code: "PRECONDITION_FAILED",
      rule: "insufficient-partner-funds",
    });
    const overRecover = await graph.query(RECOVER, {
      as: admin,
      variables: { input: { customerId: resale[2]!.id, amount: "99999999.00", idempotencyKey: "k-over" } },
    });
    expect(overRecover.errors![0]!.extensions).toMatchObject({
      code: "PRECONDITION_FAILED",
      rule: "insufficient-allocated-funds",
    });
    expect(await money(a.id)).toEqual(before);
    const analyst = await graph.query(ALLOCATE, {
      as: { role: "analyst", partner: a.id },
      variables: { input: { customerId: resale[1]!.id, amount: "1.00", idempotencyKey: "k-analyst" } },
    });
    expect(analyst.errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });

  it("never overdraws under concurrent allocations, and conserves every fen", async () => {
    const db = graph.subgraphs.billing.db;
    const partner = partners[2]!;
    const asAdmin = { role: "admin", partner: partner.id };
    // Leave room for exactly 7 allocations of 1,000.00 yuan.
    await sql(db, `UPDATE partner_accounts SET cash = ring_fenced + 700000 WHERE partner_id = ?`, [partner.id]);
    const before = await money(partner.id);
    const targets = customersOf(partner)
      .filter((x) => x.associationType === "RESALE")
      .slice(0, 4);
    const token = await graph.token(asAdmin);
    const attempts = Array.from({ length: 20 }, (_, i) =>
      graph.query(ALLOCATE, {
        token,
        variables: {
          input: { customerId: targets[i % targets.length]!.id, amount: "1000.00", idempotencyKey: `race-${i}` },
        },
      }),
    );
    const results = await Promise.all(attempts);
    const succeeded = results.filter((r) => !r.errors);
    expect(succeeded).toHaveLength(7);
    for (const refused of results.filter((r) => r.errors))
      expect(refused.errors![0]!.extensions!.rule).toBe("insufficient-partner-funds");
    const after = await money(partner.id);
    expect(after.cash).toBe(before.ringFenced);
    expect(after.cash + after.allocated).toBe(before.cash + before.allocated);
    expect(after.transfers).toBe(before.transfers + 7);
  });
});
