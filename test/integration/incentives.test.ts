import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatMinor, minor } from "../../subgraphs/common/money.js";
import { claimDeadlineOf } from "../../subgraphs/incentives/claimDeadline.js";
import { CalendarYearDeadlines1764806400000 } from "../../subgraphs/incentives/migrations/1764806400000-CalendarYearDeadlines.js";
import { partners, staffOf } from "../helpers/demo.js";
import { sql, startGraph, type TestGraph } from "../helpers/graph.js";
import { eventually } from "../helpers/wait.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const [general, smallScale] = partners as [(typeof partners)[0], (typeof partners)[0]];

/** A notice the platform issued for a period, with an amount chosen for a worked example. */
async function notice(
  partnerId: string,
  period: string,
  amountFen: bigint,
  deadline = "2030-01-01T00:00:00.000Z",
): Promise<string> {
  const id = randomUUID();
  await sql(
    graph.subgraphs.incentives.db,
    `INSERT INTO incentive_notices (id, partner_id, period, notice_amount, status, notified_at, claim_deadline) VALUES (?, ?, ?, ?, 'NOTIFIED', '2026-01-01T00:00:00.000Z', ?)`,
    [id, partnerId, period, amountFen.toString(), deadline],
  );
  return id;
}

async function read(partnerId: string, id: string) {
  const fields = `items { id status noticeAmount { amount } taxExclusiveAmount { amount } invoiceAmount { amount } computedInvoiceAmount { amount } invoiceAmountBasis invoiceTaxRate payoutMethod }`;
  const { data } = await graph.query(
    `{ first: incentiveNoticesPage(offset: 0, limit: 100) { ${fields} } rest: incentiveNoticesPage(offset: 100, limit: 100) { ${fields} } }`,
    {
      as: { role: "analyst", partner: partnerId },
    },
  );
  return [...data!.first.items, ...data!.rest.items].find((n: { id: string }) => n.id === id);
}

describe("tax-exclusive and invoice amounts", () => {
  it.each([
    ["small-scale", smallScale, "2019-06", 1_060_000n, "10000.00", "10300.00", "0.03"],
    ["small-scale", smallScale, "2021-06", 1_060_000n, "10000.00", "10100.00", "0.01"],
    ["small-scale", smallScale, "2022-01", 123_457n, "1164.69", "1176.34", "0.01"],
    ["general", general, "2022-01", 123_457n, "1164.69", "1234.57", "0.06"],
  ])(
    "turns a notice into the invoice of a %s taxpayer (%s, %s fen)",
    async (_, partner, period, fen, taxExclusive, invoice, rate) => {
      const id = await notice(partner.id, period, fen);
      expect(await read(partner.id, id)).toMatchObject({
        taxExclusiveAmount: { amount: taxExclusive },
        invoiceAmount: { amount: invoice },
        invoiceAmountBasis: "COMPUTED",
        invoiceTaxRate: rate,
      });
    },
  );

  it("counts the invoice amount the partner center showed for periods before 2019", async () => {
    expect(smallScale.taxpayerType).toBe("SMALL_SCALE");
    const { data } = await graph.query(
      `{ incentiveNotices(last: 30) { edges { node { period invoiceAmount { amount } computedInvoiceAmount { amount } invoiceAmountBasis } } } }`,
      { as: { role: "admin", partner: general.id } },
    );
    const old = data!.incentiveNotices.edges
      .map((e: { node: { period: string } }) => e.node)
      .filter((n: { period: string }) => n.period < "2019-01");
    expect(old.length).toBeGreaterThan(10);
    for (const n of old) expect(n.invoiceAmountBasis).toBe("AS_SHOWN_BEFORE_2019");
    const rows = await sql(
      graph.subgraphs.incentives.db,
      `SELECT period, shown_invoice_amount AS shown FROM incentive_notices WHERE partner_id = ? AND period < '2019-01'`,
      [general.id],
    );
    for (const row of rows)
      expect(old.find((n: { period: string }) => n.period === row.period).invoiceAmount.amount).toBe(
        formatMinor(minor(row.shown)),
      );
    // Somewhere the old truncation and today's rounding part by a fen: then the shown amount counts.
    expect(
      old.some(
        (n: { invoiceAmount: { amount: string }; computedInvoiceAmount: { amount: string } }) =>
          n.invoiceAmount.amount !== n.computedInvoiceAmount.amount,
      ),
    ).toBe(true);
  });

  it("publishes the rates and policies it uses", async () => {
    const { data } = await graph.query(
      `{ incentiveTaxRates { taxpayerType rate effectiveFrom effectiveTo } incentivePolicies { serviceType rate discountsAllowed effectiveFrom effectiveTo } }`,
      { as: { role: "supervisor", partner: general.id } },
    );
    expect(data!.incentiveTaxRates).toContainEqual({
      taxpayerType: "SMALL_SCALE",
      rate: "0.01",
      effectiveFrom: "2020-03-01",
      effectiveTo: "2027-12-31",
    });
    expect(
      data!.incentivePolicies
        .filter((p: { serviceType: string }) => p.serviceType === "ECS")
        .map((p: { rate: string }) => p.rate),
    ).toEqual(["0.10", "0.08"]);
  });
});

describe("claim deadlines", () => {
  it("gives every demo notice one calendar year to be claimed, 29 February to 28 February", async () => {
    const rows = await sql(
      graph.subgraphs.incentives.db,
      // Leaves out the notices this file made itself, all notified on 2026-01-01.
      `SELECT notified_at AS "notifiedAt", claim_deadline AS deadline FROM incentive_notices WHERE notified_at <> '2026-01-01T00:00:00.000Z'`,
    );
    expect(rows.length).toBeGreaterThan(100);
    for (const { notifiedAt, deadline } of rows) {
      const [date, time] = notifiedAt.split("T");
      const [year, monthDay] = [Number(date.slice(0, 4)), date.slice(5)];
      const expected = monthDay === "02-29" ? `${year + 1}-02-28` : `${year + 1}-${monthDay}`;
      expect(deadline).toBe(`${expected}T${time}`);
    }
    // 365 days would fall a day short of these: the year after the notice holds a 29 February.
    const leap = rows.filter(
      (r: { notifiedAt: string; deadline: string }) =>
        Date.parse(r.deadline) - Date.parse(r.notifiedAt) === 366 * 86_400_000,
    );
    expect(leap.length).toBeGreaterThan(0);
    // What the graph shows is what is stored.
    const { data } = await graph.query(
      `{ incentiveNotices(first: 5) { edges { node { notifiedAt claimDeadline } } } }`,
      {
        as: { role: "analyst", partner: general.id },
      },
    );
    for (const { node } of data!.incentiveNotices.edges)
      expect(rows).toContainEqual({ notifiedAt: node.notifiedAt, deadline: node.claimDeadline });
  });
});

describe("the incentive lifecycle", () => {
  const admin = { role: "admin", partner: smallScale.id };
  const CLAIM = (id: string, method: string) =>
    `mutation { claimIncentive(noticeId: "${id}", payoutMethod: ${method}) { status payoutMethod claimedAt } }`;
  const INVOICE = `mutation($input: IncentiveInvoiceInput!) { submitIncentiveInvoice(input: $input) { status invoiceNumber settlementPeriod paymentRequisitionNumber } }`;

  it("goes notified → claimed → invoiced → paid for a bank transfer, with the exact invoice amount", async () => {
    const id = await notice(smallScale.id, "2026-06", 1_060_000n);
    expect((await graph.query(CLAIM(id, "BANK_TRANSFER"), { as: admin })).data!.claimIncentive).toMatchObject({
      status: "CLAIMED",
      payoutMethod: "BANK_TRANSFER",
    });
    const input = {
      noticeId: id,
      invoiceNumber: "INV-2026-0001",
      invoiceAmount: "10600.00",
      settlementPeriod: "2026-06",
      paymentRequisitionNumber: "PR-778899",
    };
    const wrong = await graph.query(INVOICE, { as: admin, variables: { input } });
    expect(wrong.errors![0]).toMatchObject({
      extensions: { code: "PRECONDITION_FAILED", rule: "invoice-amount-mismatch" },
      message: expect.stringContaining("10100.00"),
    });
    const right = await graph.query(INVOICE, {
      as: admin,
      variables: { input: { ...input, invoiceAmount: "10100.00" } },
    });
    expect(right.data!.submitIncentiveInvoice).toEqual({
      status: "INVOICED",
      invoiceNumber: "INV-2026-0001",
      settlementPeriod: "2026-06",
      paymentRequisitionNumber: "PR-778899",
    });
    const paid = await graph.query(`mutation { recordIncentivePayout(noticeId: "${id}") { status paidAt } }`, {
      token: await graph.token({ role: "platform" }),
    });
    expect(paid.data!.recordIncentivePayout.status).toBe("PAID");
  });

  it("pays other payout methods without an invoice", async () => {
    const id = await notice(smallScale.id, "2026-07", 500_000n);
    await graph.query(CLAIM(id, "VOUCHER_QUOTA"), { as: admin });
    const invoice = await graph.query(INVOICE, {
      as: admin,
      variables: {
        input: {
          noticeId: id,
          invoiceNumber: "I-1",
          invoiceAmount: "4764.15",
          settlementPeriod: "2026-07",
          paymentRequisitionNumber: "P-1",
        },
      },
    });
    expect(invoice.errors![0]!.extensions!.rule).toBe("invoice-not-needed");
    const paid = await graph.query(`mutation { recordIncentivePayout(noticeId: "${id}") { status } }`, {
      token: await graph.token({ role: "platform" }),
    });
    expect(paid.data!.recordIncentivePayout.status).toBe("PAID");
  });

  it("refuses a claim after one year, naming the deadline, and a second claim", async () => {
    const late = await notice(smallScale.id, "2024-01", 100_000n, "2025-02-20T00:00:00.000Z");
    const refused = await graph.query(CLAIM(late, "ACCOUNT_CREDIT"), { as: admin });
    expect(refused.errors![0]).toMatchObject({
      extensions: { code: "PRECONDITION_FAILED", rule: "claim-deadline-passed" },
      message: expect.stringContaining("2025-02-20T00:00:00.000Z"),
    });
    expect((await read(smallScale.id, late)).status).toBe("EXPIRED");
    const fresh = await notice(smallScale.id, "2026-08", 100_000n);
    await graph.query(CLAIM(fresh, "ACCOUNT_CREDIT"), { as: admin });
    expect((await graph.query(CLAIM(fresh, "ACCOUNT_CREDIT"), { as: admin })).errors![0]!.extensions!.rule).toBe(
      "already-claimed",
    );
  });

  it("keeps customer managers away and analysts read-only", async () => {
    const id = await notice(smallScale.id, "2026-09", 100_000n);
    const manager = { role: "manager", partner: smallScale.id, staff: staffOf(smallScale, "manager")[0]!.id };
    for (const query of [
      `{ incentiveNotices(first: 1) { totalCount } }`,
      `{ partner { incentives { claimable { amount } } } }`,
      `{ partner { performance(period: "2026-09") { consumption { amount } } } }`,
    ]) {
      expect((await graph.query(query, { as: manager })).errors![0]!.extensions!.code).toBe("FORBIDDEN");
    }
    expect(
      (await graph.query(CLAIM(id, "ACCOUNT_CREDIT"), { as: { role: "analyst", partner: smallScale.id } })).errors![0]!
        .extensions!.code,
    ).toBe("FORBIDDEN");
  });

  it("sums the partner's incentives by where they stand", async () => {
    const { data } = await graph.query(
      `{ partner { incentives { claimable { amount } claimed { amount } invoiced { amount } paid { amount } expired { amount } nextClaimDeadline } } }`,
      { as: admin },
    );
    const rows = await sql(
      graph.subgraphs.incentives.db,
      `SELECT status, claim_deadline AS deadline, notice_amount AS amount FROM incentive_notices WHERE partner_id = ?`,
      [smallScale.id],
    );
    const now = new Date().toISOString();
    const of = (status: string) =>
      formatMinor(
        rows
          .filter(
            (r: { status: string; deadline: string }) =>
              (r.status === "NOTIFIED" && r.deadline < now ? "EXPIRED" : r.status) === status,
          )
          .reduce((sum: bigint, r: { amount: number }) => sum + minor(r.amount), 0n),
      );
    expect(data!.partner.incentives).toMatchObject({
      claimable: { amount: of("NOTIFIED") },
      paid: { amount: of("PAID") },
      expired: { amount: of("EXPIRED") },
    });
  });
});

describe("performance", () => {
  it("comes from billing's consumption of the closed period, per service type, with the policies' estimate", async () => {
    const admin = { role: "admin", partner: general.id };
    const QUERY = `{ partner { performance(period: "2026-09") { closed consumption { amount } eligibleConsumption { amount } estimatedIncentive { amount } byServiceType { serviceType consumption { amount } policy { rate } estimatedIncentive { amount } } } } }`;
    const performance = await eventually(async () => {
      const { data } = await graph.query(QUERY, { as: admin });
      return data?.partner.performance.closed ? data.partner.performance : undefined;
    });
    const [{ total }] = await sql(
      graph.subgraphs.billing.db,
      `SELECT SUM(amount) AS total FROM consumption_records WHERE partner_id = ? AND bill_cycle = '2026-09'`,
      [general.id],
    );
    expect(performance.consumption.amount).toBe(formatMinor(minor(total)));
    const ecs = performance.byServiceType.find((s: { serviceType: string }) => s.serviceType === "ECS");
    const fen = BigInt(ecs.consumption.amount.replace(".", ""));
    expect(ecs.policy.rate).toBe("0.08");
    expect(ecs.estimatedIncentive.amount).toBe(formatMinor((fen * 800n * 2n + 10_000n) / 20_000n));
    const open = await graph.query(`{ partner { performance(period: "2030-01") { closed consumption { amount } } } }`, {
      as: admin,
    });
    expect(open.data!.partner.performance).toEqual({ closed: false, consumption: { amount: "0.00" } });
    const bad = await graph.query(`{ partner { performance(period: "2026-13") { closed } } }`, { as: admin });
    expect(bad.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "period" });
  });
});

describe("databases seeded with 365-day deadlines", () => {
  it("get calendar-year deadlines from the migration, and a notice expired only by the short deadline back", async () => {
    const db = graph.subgraphs.incentives.db;
    const insert = async (notifiedAt: string, deadline: string, status: string) => {
      const id = randomUUID();
      await sql(
        db,
        `INSERT INTO incentive_notices (id, partner_id, period, notice_amount, status, notified_at, claim_deadline) VALUES (?, ?, '2023-02', 100, ?, ?, ?)`,
        [id, general.id, status, notifiedAt, deadline],
      );
      return id;
    };
    // 365 days after 2023-03-10 is 2024-03-09 (2024 has a 29 February): a day short.
    const old = await insert("2023-03-10T08:00:00.000Z", "2024-03-09T08:00:00.000Z", "EXPIRED");
    // Expired yesterday by the short deadline; its calendar year ends tomorrow.
    const notified = new Date(Date.now() - 364 * 86_400_000);
    const short = notified.toISOString();
    const yesterday = new Date(Date.parse(short) + 365 * 86_400_000 - 2 * 86_400_000).toISOString();
    const lastYear = await insert(short, yesterday, "EXPIRED");
    const runner = db.createQueryRunner();
    try {
      await new CalendarYearDeadlines1764806400000().up(runner);
    } finally {
      await runner.release();
    }
    const rows = await sql(
      db,
      `SELECT id, claim_deadline AS deadline, status FROM incentive_notices WHERE id IN (?, ?)`,
      [old, lastYear],
    );
    expect(rows.find((r: { id: string }) => r.id === old)).toMatchObject({
      deadline: "2024-03-10T08:00:00.000Z",
      status: "EXPIRED",
    });
    expect(rows.find((r: { id: string }) => r.id === lastYear)).toMatchObject({
      deadline: claimDeadlineOf(short),
      status: "NOTIFIED",
    });
  });
});
