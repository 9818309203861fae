import type { TokenRequest } from "../../gateway/devTokens.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayTokenSecret, signGatewayToken } from "../../common/gatewayToken.js";
import { fenOf, formatMinor, minor } from "../../subgraphs/common/money.js";
import { customersOf, partners } from "../helpers/demo.js";
import { recordLine } from "../helpers/consumptionLines.js";
import { post, sql, startGraph, type TestGraph } from "../helpers/graph.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const [a, b] = partners as [(typeof partners)[0], (typeof partners)[0]];
const admin = { role: "admin", partner: a.id };
const resale = customersOf(a).filter((c) => c.associationType === "RESALE");
const consulting = customersOf(a).filter((c) => c.associationType === "CONSULTING_SALES");
const RECORD = `mutation($input: ConsumptionLineInput!) { recordConsumption(input: $input) { id } }`;
const RECOVER = `mutation($input: FundTransferInput!) { recoverFunds(input: $input) { id amount { amount } } }`;

let lines = 0;
const record = (line: Record<string, unknown>) =>
  recordLine(graph, {
    id: `test-line-${++lines}`,
    partnerId: a.id,
    tradeTime: new Date().toISOString(),
    tradeId: `T${lines}`,
    ...line,
  });

async function balances(customerId: string, partnerId = a.id) {
  const db = graph.subgraphs.billing.db;
  const [account] = await sql(db, `SELECT cash FROM partner_accounts WHERE partner_id = ?`, [partnerId]);
  const [balance] = await sql(db, `SELECT allocated FROM customer_balances WHERE customer_id = ?`, [customerId]);
  const [{ lines }] = await sql(db, `SELECT COUNT(*) AS lines FROM consumption_records WHERE customer_id = ?`, [
    customerId,
  ]);
  return { cash: minor(account.cash), allocated: minor(balance?.allocated), lines: Number(lines) };
}

const today = () => new Date().toISOString().slice(0, 10);
const DASHBOARD = `query($from: Date!, $to: Date!) { consumptionDashboard(from: $from, to: $to) { total { amount } byPayer { payer amount { amount } } } }`;
async function dashboard(as: TokenRequest) {
  const { data, errors } = await graph.query(DASHBOARD, { as, variables: { from: today(), to: today() } });
  expect(errors).toBeUndefined();
  const { total, byPayer } = data!.consumptionDashboard;
  const of = (payer: string) => fenOf(byPayer.find((p: { payer: string }) => p.payer === payer).amount.amount);
  return { total: fenOf(total.amount), customer: of("CUSTOMER"), partner: of("PARTNER") };
}

describe("who pays a consulting-sales customer's consumption", () => {
  it("debits the partner's cash for a partner-paid line, once, and counts it as the partner's spend", async () => {
    const customer = consulting[0]!;
    const before = await balances(customer.id);
    const dashboardBefore = await dashboard(admin);
    const line = { customerId: customer.id, officialAmount: "123.45", discountAmount: "0.45", payer: "PARTNER" };
    const first = await record(line);
    expect(first.errors).toBeUndefined();
    expect(first.data!.recordConsumption).toMatchObject({
      payer: "PARTNER",
      fundingSource: null,
      amount: { amount: "123.00" },
    });
    // Another line under the same id is no retry: refused, nothing paid.
    const reused = await record({ ...line, id: first.data!.recordConsumption.id, officialAmount: "1.00" });
    expect(reused.errors![0]!.extensions!.code).toBe("CONFLICT");
    const after = await balances(customer.id);
    expect(after).toEqual({ ...before, cash: before.cash - 12_300n, lines: before.lines + 1 });

    const split = await dashboard(admin);
    expect(split.partner - dashboardBefore.partner).toBe(12_300n);
    expect(split.customer + split.partner).toBe(split.total);
    const page = await graph.query(
      `{ customer(id: "${customer.id}") { consumptionRecordsPage(from: "${today()}", to: "${today()}", limit: 100) { items { id payer fundingSource amount { amount } } } } }`,
      { as: admin },
    );
    expect(page.data!.customer.consumptionRecordsPage.items).toContainEqual({
      id: first.data!.recordConsumption.id,
      payer: "PARTNER",
      fundingSource: null,
      amount: { amount: "123.00" },
    });
  });

  it("records a line sent twice once, and a customer-paid line moves none of the partner's money", async () => {
    const customer = consulting[1]!;
    const before = await balances(customer.id);
    const line = {
      id: "twice-1",
      customerId: customer.id,
      officialAmount: "10.00",
      tradeTime: new Date().toISOString(),
      tradeId: "T-twice",
    };
    const [first, second] = [await record(line), await record(line)];
    expect(second.data!.recordConsumption).toEqual(first.data!.recordConsumption);
    expect(first.data!.recordConsumption.payer).toBe("CUSTOMER");
    expect(await balances(customer.id)).toEqual({ ...before, lines: before.lines + 1 });
  });

  it("splits a manager's dashboard by payer too, adding up to its total", async () => {
    const manager = a.staff.find((s) => s.role === "manager")!;
    const split = await dashboard({ role: "manager", partner: a.id, staff: manager.id });
    expect(split.customer + split.partner).toBe(split.total);
  });
});

describe("what a resale customer's consumption is paid from", () => {
  it("spends allocated funds line by line and refuses a line they do not cover", async () => {
    const customer = resale[0]!;
    const db = graph.subgraphs.billing.db;
    await sql(db, `UPDATE customer_balances SET allocated = 10000 WHERE customer_id = ?`, [customer.id]);
    const before = await balances(customer.id);
    const spent = await record({ customerId: customer.id, officialAmount: "60.00", fundingSource: "ALLOCATED_FUNDS" });
    expect(spent.data!.recordConsumption).toMatchObject({ payer: "CUSTOMER", fundingSource: "ALLOCATED_FUNDS" });
    const over = await record({ customerId: customer.id, officialAmount: "40.01", fundingSource: "ALLOCATED_FUNDS" });
    expect(over.errors![0]!.extensions).toMatchObject({
      code: "PRECONDITION_FAILED",
      rule: "insufficient-allocated-funds",
    });
    const voucher = await record({ customerId: customer.id, officialAmount: "500.00", fundingSource: "VOUCHER" });
    expect(voucher.errors).toBeUndefined();
    const refund = await record({
      customerId: customer.id,
      officialAmount: "-0.01",
      billDetailType: "REFUND",
      fundingSource: "ALLOCATED_FUNDS",
    });
    expect(refund.errors).toBeUndefined();
    expect(await balances(customer.id)).toEqual({ ...before, allocated: 4_001n, lines: before.lines + 3 });
    const shown = await graph.query(`{ customer(id: "${customer.id}") { allocatedFunds { amount } } }`, { as: admin });
    expect(shown.data!.customer.allocatedFunds.amount).toBe("40.01");
    const partnerPaid = await record({
      customerId: customer.id,
      officialAmount: "1.00",
      payer: "PARTNER",
      fundingSource: "ALLOCATED_FUNDS",
    });
    expect(partnerPaid.errors![0]!.extensions).toMatchObject({ rule: "partner-pays-consulting-sales-only" });
  });

  it("refuses a partner-paid line the partner's cash does not cover, recording nothing", async () => {
    const customer = consulting[2]!;
    await sql(graph.subgraphs.billing.db, `UPDATE partner_accounts SET cash = ring_fenced + 100 WHERE partner_id = ?`, [
      b.id,
    ]);
    const before = await balances(customer.id, b.id);
    const refused = await record({
      customerId: customer.id,
      partnerId: b.id,
      officialAmount: "1.01",
      payer: "PARTNER",
    });
    expect(refused.errors![0]!.extensions).toMatchObject({ rule: "insufficient-partner-funds" });
    expect(await balances(customer.id, b.id)).toEqual(before);
  });

  it("keeps allocated funds exact to the fen while the customer consumes and the partner recovers at once", async () => {
    const customer = resale[1]!;
    const db = graph.subgraphs.billing.db;
    await sql(db, `UPDATE customer_balances SET allocated = 100000 WHERE customer_id = ?`, [customer.id]);
    const before = await balances(customer.id);
    const token = await graph.token(admin);
    // 1,000.00 allocated; 16 lines of 50.01 and 10 recoveries of 100.00 ask for 1,800.16 together.
    const consumed = Array.from({ length: 16 }, () =>
      record({ customerId: customer.id, officialAmount: "50.01", fundingSource: "ALLOCATED_FUNDS" }),
    );
    const recovered = Array.from({ length: 10 }, (_, i) =>
      graph.query(RECOVER, {
        token,
        variables: { input: { customerId: customer.id, amount: "100.00", idempotencyKey: `race-recover-${i}` } },
      }),
    );
    const [lineResults, recoverResults] = await Promise.all([Promise.all(consumed), Promise.all(recovered)]);
    const linesOk = lineResults.filter((r) => !r.errors).length;
    const recoveriesOk = recoverResults.filter((r) => !r.errors).length;
    for (const refused of lineResults.filter((r) => r.errors))
      expect(refused.errors![0]!.extensions!.rule).toBe("insufficient-allocated-funds");
    for (const refused of recoverResults.filter((r) => r.errors))
      expect(refused.errors![0]!.extensions!.rule).toBe("insufficient-allocated-funds");
    const after = await balances(customer.id);
    const spent = BigInt(linesOk) * 5_001n;
    const back = BigInt(recoveriesOk) * 10_000n;
    expect(after.allocated).toBe(100_000n - spent - back);
    expect(after.allocated).toBeGreaterThanOrEqual(0n);
    // Nothing left that either could still take: less than one line and less than one recovery.
    expect(after.allocated < 5_001n).toBe(true);
    expect(after.cash).toBe(before.cash + back);
    expect(after.lines).toBe(before.lines + linesOk);
    // The dashboard's roll-up holds exactly what the lines hold.
    const [rows] = await sql(
      db,
      `SELECT (SELECT SUM(amount) FROM consumption_records WHERE customer_id = ? AND trade_time >= ?) AS lines, (SELECT SUM(amount) FROM consumption_days WHERE customer_id = ? AND day >= ?) AS days`,
      [customer.id, today(), customer.id, today()],
    );
    expect(minor(rows.lines)).toBe(minor(rows.days));
    expect(formatMinor(after.allocated)).toBe(
      (await graph.query(`{ customer(id: "${customer.id}") { allocatedFunds { amount } } }`, { as: admin })).data!
        .customer.allocatedFunds.amount,
    );
  });
});

describe("recording consumption", () => {
  it("is for the platform's billing only: no client, no partner's staff", async () => {
    const viaGateway = await graph.query(RECORD, {
      as: admin,
      variables: { input: { id: "x", partnerId: a.id, customerId: consulting[0]!.id } },
    });
    expect(viaGateway.errors![0]!.extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const staffToken = await signGatewayToken(
      { role: "admin", subject: "admin", partnerId: a.id, staffId: a.staff[0]!.id } as never,
      gatewayTokenSecret(),
    );
    const direct = await post(
      graph.subgraphs.billing.graphqlUrl,
      {
        query: RECORD,
        variables: {
          input: {
            id: "staff-1",
            partnerId: a.id,
            customerId: consulting[0]!.id,
            tradeTime: new Date().toISOString(),
            tradeId: "T",
            serviceType: "ECS",
            chargingMode: "ON_DEMAND",
            billDetailType: "USAGE",
            paymentMethod: "CASH",
            officialAmount: "1.00",
            payer: "PARTNER",
          },
        },
      },
      { authorization: `Bearer ${staffToken}` },
    );
    expect(direct.errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });
});
