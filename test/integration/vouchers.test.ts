import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { minor } from "../../subgraphs/common/money.js";
import { customersOf, partners } from "../helpers/demo.js";
import { sql, startGraph, type TestGraph } from "../helpers/graph.js";
import { eventually } from "../helpers/wait.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const [a, b] = partners as [(typeof partners)[0], (typeof partners)[0]];
const admin = { role: "admin", partner: a.id };
const ISSUE = `mutation($input: IssueVouchersInput!) { issueVouchers(input: $input) { issued { id customer { id } faceValue { amount } balance { amount } purchaseScope status newCustomer } failures { customerId code rule message } } }`;
const REDEEM = `mutation($input: RedeemVoucherInput!) { redeemVoucher(input: $input) { id orderId paidByVoucher { amount } remainingToPay { amount } voucher { status balance { amount } } } }`;

let quota: { id: string; serviceTypes: string[]; balance: { amount: string }; expiresAt: string; type: string };
const quotaBalance = async (id: string) =>
  minor((await sql(graph.subgraphs.billing.db, `SELECT balance FROM voucher_quotas WHERE id = ?`, [id]))[0].balance);

beforeAll(async () => {
  const { data } = await graph.query(`{ voucherQuotas { id type serviceTypes balance { amount } expiresAt status } }`, {
    as: admin,
  });
  quota = data!.voucherQuotas.find(
    (q: { type: string; expiresAt: string }) => q.type === "VOUCHER" && q.expiresAt > "2027",
  );
});

/** Issues one voucher and returns it, for tests that need one. */
async function issueOne(customerId: string, options: { scope?: string[]; newCustomer?: boolean; face?: string } = {}) {
  const { data, errors } = await graph.query(ISSUE, {
    as: admin,
    variables: {
      input: {
        quotaId: quota.id,
        customerIds: [customerId],
        faceValue: options.face ?? "100.00",
        purchaseScope: options.scope ?? ["ECS"],
        validUntil: "2027-06-01T00:00:00Z",
        newCustomer: options.newCustomer ?? false,
        idempotencyKey: `one-${Math.random()}`,
      },
    },
  });
  expect(errors).toBeUndefined();
  return data!.issueVouchers.issued[0];
}

describe("issuing vouchers", () => {
  it("issues to many customers with partial success, takes exactly the face values from the quota, and replays on retry", async () => {
    const [one, two] = customersOf(a);
    const foreign = customersOf(b)[0]!;
    const before = await quotaBalance(quota.id);
    const input = {
      quotaId: quota.id,
      customerIds: [one!.id, foreign.id, two!.id],
      faceValue: "250.50",
      purchaseScope: ["ecs", "RDS"],
      validUntil: "2027-03-31T00:00:00Z",
      idempotencyKey: "batch-1",
    };
    const { data, errors } = await graph.query(ISSUE, { as: admin, variables: { input } });
    expect(errors).toBeUndefined();
    const result = data!.issueVouchers;
    expect(result.issued.map((v: { customer: { id: string } }) => v.customer.id)).toEqual([one!.id, two!.id]);
    expect(result.issued[0]).toMatchObject({
      faceValue: { amount: "250.50" },
      balance: { amount: "250.50" },
      purchaseScope: ["ECS", "RDS"],
      status: "USABLE",
    });
    expect(result.failures).toEqual([
      { customerId: foreign.id, code: "NOT_FOUND", rule: null, message: expect.any(String) },
    ]);
    expect(await quotaBalance(quota.id)).toBe(before - 2n * 25050n);

    const retry = await graph.query(ISSUE, { as: admin, variables: { input } });
    expect(retry.data!.issueVouchers.issued.map((v: { id: string }) => v.id)).toEqual(
      result.issued.map((v: { id: string }) => v.id),
    );
    expect(await quotaBalance(quota.id)).toBe(before - 2n * 25050n);
    const operations = await graph.query(
      `{ vouchers(first: 1, filter: { customerId: "${one!.id}" }) { edges { node { operations { kind amount { amount } } } } } }`,
      { as: admin },
    );
    expect(operations.data!.vouchers.edges[0].node.operations).toEqual([
      { kind: "ISSUE", amount: { amount: "250.50" } },
    ]);
  });

  it("gives new-customer vouchers to customers tagged new only", async () => {
    const fresh = customersOf(a).find((x) => x.newCustomerTag === "YES")!;
    const old = customersOf(a).find((x) => x.newCustomerTag === "NO")!;
    const { data } = await graph.query(ISSUE, {
      as: admin,
      variables: {
        input: {
          quotaId: quota.id,
          customerIds: [fresh.id, old.id],
          faceValue: "50.00",
          purchaseScope: ["ECS"],
          validUntil: "2027-01-01T00:00:00Z",
          newCustomer: true,
          idempotencyKey: "new-1",
        },
      },
    });
    expect(data!.issueVouchers.issued.map((v: { customer: { id: string } }) => v.customer.id)).toEqual([fresh.id]);
    expect(data!.issueVouchers.failures[0]).toMatchObject({
      customerId: old.id,
      code: "PRECONDITION_FAILED",
      rule: "not-a-new-customer",
    });
  });

  it.each([
    [{ purchaseScope: ["DDS"] }, "voucher-scope-outside-quota"],
    [{ validUntil: "2031-01-01T00:00:00Z" }, "validity-outside-quota"],
  ])("refuses %j with rule %s", async (change, rule) => {
    const { errors } = await graph.query(ISSUE, {
      as: admin,
      variables: {
        input: {
          quotaId: quota.id,
          customerIds: [customersOf(a)[2]!.id],
          faceValue: "10.00",
          purchaseScope: ["ECS"],
          validUntil: "2027-01-01T00:00:00Z",
          idempotencyKey: `r-${rule}`,
          ...change,
        },
      },
    });
    expect(errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule });
  });

  it("refuses customers once the quota runs out, and an expired quota", async () => {
    const db = graph.subgraphs.billing.db;
    await sql(db, `UPDATE voucher_quotas SET balance = 15000 WHERE id = ?`, [quota.id]);
    const ids = customersOf(a)
      .slice(3, 6)
      .map((x) => x.id);
    const { data } = await graph.query(ISSUE, {
      as: admin,
      variables: {
        input: {
          quotaId: quota.id,
          customerIds: ids,
          faceValue: "100.00",
          purchaseScope: ["ECS"],
          validUntil: "2027-01-01T00:00:00Z",
          idempotencyKey: "out-1",
        },
      },
    });
    expect(data!.issueVouchers.issued).toHaveLength(1);
    expect(data!.issueVouchers.failures.map((f: { rule: string }) => f.rule)).toEqual([
      "quota-insufficient",
      "quota-insufficient",
    ]);
    expect(await quotaBalance(quota.id)).toBe(5000n);
    await sql(db, `UPDATE voucher_quotas SET balance = 50000000 WHERE id = ?`, [quota.id]);
    const quotas = (await graph.query(`{ voucherQuotas { id expiresAt } }`, { as: admin })).data!.voucherQuotas;
    const expired = quotas.find((q: { expiresAt: string }) => q.expiresAt < new Date().toISOString());
    const { errors } = await graph.query(ISSUE, {
      as: admin,
      variables: {
        input: {
          quotaId: expired.id,
          customerIds: [ids[0]],
          faceValue: "1.00",
          purchaseScope: ["ECS"],
          validUntil: "2027-01-01T00:00:00Z",
          idempotencyKey: "exp-1",
        },
      },
    });
    expect(errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "quota-unusable" });
  });

  it("has no way to change an issued voucher's face value, scope or validity", async () => {
    const { data } = await graph.query(`{ __type(name: "Mutation") { fields { name } } }`, { as: admin });
    const names: string[] = data!.__type.fields.map((f: { name: string }) => f.name);
    // Quota applications (applyForVoucherQuota, reviewVoucherQuotaApplication) touch no issued voucher.
    expect(names.filter((n) => /voucher(?!Quota)/i.test(n)).sort()).toEqual([
      "issueVoucher",
      "issueVouchers",
      "reclaimVoucher",
      "redeemVoucher",
    ]);
  });
});

describe("reclaim and expiry", () => {
  it("reclaims a usable voucher's whole balance into its quota, once", async () => {
    const voucher = await issueOne(customersOf(a)[7]!.id, { face: "80.00" });
    const before = await quotaBalance(quota.id);
    const reclaim = (key: string) =>
      graph.query(
        `mutation { reclaimVoucher(voucherId: "${voucher.id}", idempotencyKey: "${key}") { status balance { amount } operations { kind amount { amount } } } }`,
        { as: admin },
      );
    const { data } = await reclaim("reclaim-1");
    expect(data!.reclaimVoucher).toMatchObject({ status: "RECLAIMED", balance: { amount: "0.00" } });
    expect(data!.reclaimVoucher.operations.at(-1)).toEqual({ kind: "RECLAIM", amount: { amount: "80.00" } });
    expect(await quotaBalance(quota.id)).toBe(before + 8000n);
    expect((await reclaim("reclaim-1")).data!.reclaimVoucher.status).toBe("RECLAIMED");
    expect(await quotaBalance(quota.id)).toBe(before + 8000n);
    expect((await reclaim("reclaim-2")).errors![0]!.extensions).toMatchObject({
      code: "PRECONDITION_FAILED",
      rule: "voucher-not-usable",
    });
  });

  it("expires a voucher past its validity, returning its balance to the quota", async () => {
    const voucher = await issueOne(customersOf(a)[8]!.id, { face: "60.00" });
    const before = await quotaBalance(quota.id);
    await sql(graph.subgraphs.billing.db, `UPDATE vouchers SET valid_until = '2020-01-01T00:00:00.000Z' WHERE id = ?`, [
      voucher.id,
    ]);
    const status = await eventually(async () => {
      const [row] = await sql(graph.subgraphs.billing.db, `SELECT status FROM vouchers WHERE id = ?`, [voucher.id]);
      return row.status === "EXPIRED" ? row.status : undefined;
    });
    expect(status).toBe("EXPIRED");
    expect(await quotaBalance(quota.id)).toBe(before + 6000n);
  });
});

describe("redeeming a voucher", () => {
  const customer = customersOf(a)[9]!;
  const asCustomer = { role: "customer", customer: customer.id };
  const redeem = (input: Record<string, unknown>) =>
    graph.query(REDEEM, {
      as: asCustomer,
      variables: { input: { productType: "ECS", idempotencyKey: `k-${Math.random()}`, ...input } },
    });

  it("pays the whole order when the balance covers it, else the whole balance; one voucher per order", async () => {
    const voucher = await issueOne(customer.id, { face: "300.00", scope: ["ECS", "RDS"] });
    const full = await redeem({ voucherId: voucher.id, orderId: "order-1", orderAmount: "120.25" });
    expect(full.data!.redeemVoucher).toMatchObject({
      paidByVoucher: { amount: "120.25" },
      remainingToPay: { amount: "0.00" },
      voucher: { status: "USABLE", balance: { amount: "179.75" } },
    });
    const second = await issueOne(customer.id, { face: "50.00" });
    const sameOrder = await redeem({ voucherId: second.id, orderId: "order-1", orderAmount: "10.00" });
    expect(sameOrder.errors![0]!.extensions).toMatchObject({
      code: "PRECONDITION_FAILED",
      rule: "one-voucher-per-order",
    });
    const partial = await redeem({
      voucherId: voucher.id,
      orderId: "order-2",
      orderAmount: "500.00",
      productType: "rds",
    });
    expect(partial.data!.redeemVoucher).toMatchObject({
      paidByVoucher: { amount: "179.75" },
      remainingToPay: { amount: "320.25" },
      voucher: { status: "USED", balance: { amount: "0.00" } },
    });
    const used = await redeem({ voucherId: voucher.id, orderId: "order-3", orderAmount: "1.00" });
    expect(used.errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "voucher-not-usable" });
  });

  it("refuses products outside the purchase scope, and new-customer vouchers on on-demand usage", async () => {
    const voucher = await issueOne(customer.id, { face: "20.00", scope: ["OBS"] });
    const outside = await redeem({
      voucherId: voucher.id,
      orderId: "order-4",
      orderAmount: "5.00",
      productType: "ECS",
    });
    expect(outside.errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "voucher-scope" });
    const fresh = customersOf(a).find((x) => x.newCustomerTag === "YES" && x.id !== customer.id)!;
    const newVoucher = await issueOne(fresh.id, { face: "30.00", newCustomer: true });
    const onDemand = await graph.query(REDEEM, {
      as: { role: "customer", customer: fresh.id },
      variables: {
        input: {
          voucherId: newVoucher.id,
          orderId: "o-1",
          orderAmount: "5.00",
          productType: "ECS",
          chargingMode: "ON_DEMAND",
          idempotencyKey: "nd-1",
        },
      },
    });
    expect(onDemand.errors![0]!.extensions).toMatchObject({
      code: "PRECONDITION_FAILED",
      rule: "new-customer-voucher-on-demand",
    });
    const yearly = await graph.query(REDEEM, {
      as: { role: "customer", customer: fresh.id },
      variables: {
        input: {
          voucherId: newVoucher.id,
          orderId: "o-2",
          orderAmount: "5.00",
          productType: "ECS",
          chargingMode: "YEARLY_MONTHLY",
          idempotencyKey: "nd-2",
        },
      },
    });
    expect(yearly.data!.redeemVoucher.paidByVoucher.amount).toBe("5.00");
  });

  it("pays once per idempotency key, and only the voucher's own customer can redeem it", async () => {
    const voucher = await issueOne(customer.id, { face: "40.00" });
    const input = { voucherId: voucher.id, orderId: "order-5", orderAmount: "15.00", idempotencyKey: "pay-5" };
    const first = await redeem(input);
    const again = await redeem(input);
    expect(again.data!.redeemVoucher.id).toBe(first.data!.redeemVoucher.id);
    const [{ balance }] = await sql(graph.subgraphs.billing.db, `SELECT balance FROM vouchers WHERE id = ?`, [
      voucher.id,
    ]);
    expect(minor(balance)).toBe(2500n);
    const stranger = await graph.query(REDEEM, {
      as: { role: "customer", customer: customersOf(a)[10]!.id },
      variables: { input: { ...input, productType: "ECS", idempotencyKey: "x" } },
    });
    expect(stranger.errors![0]!.extensions!.code).toBe("NOT_FOUND");
    const staff = await graph.query(REDEEM, { as: admin, variables: { input: { ...input, productType: "ECS" } } });
    expect(staff.errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });
});
