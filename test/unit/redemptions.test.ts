import { describe, expect, it } from "vitest";
import { refusal, refusedArguments, ruleOf } from "../helpers/refusal.js";
import { ChargingMode } from "../../subgraphs/billing/entities/consumptionRecord.js";
import { VoucherStatus } from "../../subgraphs/billing/entities/voucher.js";
import {
  assertOrderWithoutVoucher,
  assertVoucherPays,
  checkRedemption,
  paymentOf,
} from "../../subgraphs/billing/redemptions.js";

const NOW = "2026-11-30T12:00:00.000Z";
const order = {
  voucherId: "v-1",
  orderId: "order_1-a",
  orderAmount: "320.00",
  productType: " ecs ",
  chargingMode: ChargingMode.YEARLY_MONTHLY,
};
const voucher = {
  status: VoucherStatus.USABLE,
  validFrom: "2026-11-01T00:00:00.000Z",
  validUntil: "2027-03-01T00:00:00.000Z",
  purchaseScope: ["ECS", "RDS"],
  newCustomer: false,
};
const request = checkRedemption(order);

describe("an order paid with a voucher", () => {
  it("is an exact positive amount, an order id of letters, digits, _ or -, and a product type in upper case", () => {
    expect(request).toEqual({ ...order, orderFen: 32_000n, productType: "ECS", orderAmount: undefined });
    expect(
      refusedArguments(checkRedemption, order, [
        { orderAmount: "0.00" },
        { orderAmount: "1.001" },
        { orderId: "order 1" },
        { orderId: "x".repeat(65) },
      ]),
    ).toEqual(["input.orderAmount", "input.orderAmount", "input.orderId", "input.orderId"]);
  });

  it("can use only one voucher", () => {
    expect(ruleOf(() => assertOrderWithoutVoucher("o-1", false))).toBeNull();
    expect(refusal(() => assertOrderWithoutVoucher("o-1", true))).toMatchObject({
      code: "PRECONDITION_FAILED",
      rule: "one-voucher-per-order",
    });
    expect(() => assertOrderWithoutVoucher("o-1", true)).toThrow(
      "Order o-1 already used a voucher; one order can use only one voucher.",
    );
  });
});

describe("a voucher paying an order", () => {
  it.each([
    ["usable, valid and covering the product", {}, {}, null],
    ["used", { status: VoucherStatus.USED }, {}, "voucher-not-usable"],
    ["reclaimed", { status: VoucherStatus.RECLAIMED }, {}, "voucher-not-usable"],
    ["not yet valid", { validFrom: "2026-12-01T00:00:00.000Z" }, {}, "voucher-not-usable"],
    ["past its validity", { validUntil: "2026-11-30T11:59:59.000Z" }, {}, "voucher-not-usable"],
    ["for another product type", {}, { productType: "OBS" }, "voucher-scope"],
    ["for new customers, on a yearly/monthly purchase", { newCustomer: true }, {}, null],
    [
      "for new customers, on on-demand usage",
      { newCustomer: true },
      { chargingMode: ChargingMode.ON_DEMAND },
      "new-customer-voucher-on-demand",
    ],
    ["for anyone, on on-demand usage", {}, { chargingMode: ChargingMode.ON_DEMAND }, null],
  ])("%s: %s", (_, changes, requestChanges, rule) => {
    expect(ruleOf(() => assertVoucherPays({ ...voucher, ...changes }, { ...request, ...requestChanges }, NOW))).toBe(
      rule,
    );
  });

  it("says why it cannot pay", () => {
    expect(() => assertVoucherPays({ ...voucher, status: VoucherStatus.EXPIRED }, request, NOW)).toThrow(
      "The voucher cannot pay: it is EXPIRED.",
    );
    expect(() => assertVoucherPays(voucher, request, "2026-10-01T00:00:00.000Z")).toThrow(
      "The voucher cannot pay: it is valid only from 2026-11-01T00:00:00.000Z.",
    );
    expect(() => assertVoucherPays(voucher, { ...request, productType: "OBS" }, NOW)).toThrow(
      "The voucher pays for ECS, RDS only, not OBS.",
    );
  });

  it("pays the whole order when its balance covers it, otherwise its whole balance, which uses it up", () => {
    expect(paymentOf(50_000n, 32_000n)).toEqual({ paidFen: 32_000n, usedUp: false });
    expect(paymentOf(32_000n, 32_000n)).toEqual({ paidFen: 32_000n, usedUp: true });
    expect(paymentOf(10_000n, 32_000n)).toEqual({ paidFen: 10_000n, usedUp: true });
  });
});
