import { describe, expect, it } from "vitest";
import { refusal } from "../helpers/refusal.js";
import { assertCycleNotInvoiced, checkLine, debitOf } from "../../subgraphs/billing/consumptionLines.js";
import { BillDetailType, FundingSource, Payer } from "../../subgraphs/billing/entities/consumptionRecord.js";

const usage = {
  id: "line-1",
  officialAmount: "100.00",
  discountAmount: "12.34",
  billDetailType: BillDetailType.USAGE,
  tradeTime: "2026-11-03T08:00:00Z",
};

describe("a consumption line", () => {
  it("takes its bill cycle from its trade time and its amount exactly, paid by the customer by default", () => {
    expect(checkLine(usage)).toEqual({
      billCycle: "2026-11",
      tradeTime: "2026-11-03T08:00:00.000Z",
      officialFen: 10_000n,
      discountFen: 1_234n,
      amountFen: 8_766n,
      payer: Payer.CUSTOMER,
      fundingSource: null,
    });
  });

  it("is negative only as a refund, and never discounted below zero", () => {
    expect(
      checkLine({ ...usage, officialAmount: "-5.00", discountAmount: null, billDetailType: BillDetailType.REFUND }),
    ).toMatchObject({ amountFen: -500n });
    expect(refusal(() => checkLine({ ...usage, officialAmount: "-5.00" }))).toMatchObject({
      code: "BAD_USER_INPUT",
      argument: "input.officialAmount",
    });
    expect(refusal(() => checkLine({ ...usage, discountAmount: "100.01" }))).toMatchObject({
      argument: "input.discountAmount",
    });
    expect(refusal(() => checkLine({ ...usage, officialAmount: "1.005" }))).toMatchObject({
      argument: "input.officialAmount",
    });
    expect(refusal(() => checkLine({ ...usage, tradeTime: "yesterday" }))).toMatchObject({
      argument: "input.tradeTime",
    });
    expect(refusal(() => checkLine({ ...usage, id: "x".repeat(37) }))).toMatchObject({ argument: "input.id" });
  });

  it("is paid by a partner only for a consulting-sales customer (no funding source)", () => {
    expect(
      refusal(() => checkLine({ ...usage, payer: Payer.PARTNER, fundingSource: FundingSource.ALLOCATED_FUNDS })),
    ).toMatchObject({ code: "PRECONDITION_FAILED", rule: "partner-pays-consulting-sales-only" });
  });

  it("draws on the partner's cash when the partner pays, on allocated funds when a resale customer spends them", () => {
    expect(debitOf({ payer: Payer.PARTNER, fundingSource: null, amountFen: 500n })).toEqual({
      from: "partner-cash",
      fen: 500n,
    });
    expect(debitOf({ payer: Payer.CUSTOMER, fundingSource: FundingSource.ALLOCATED_FUNDS, amountFen: -500n })).toEqual({
      from: "allocated-funds",
      fen: -500n,
    });
    expect(debitOf({ payer: Payer.CUSTOMER, fundingSource: FundingSource.VOUCHER, amountFen: 500n })).toBeNull();
    expect(debitOf({ payer: Payer.CUSTOMER, fundingSource: FundingSource.CUSTOMER_CASH, amountFen: 500n })).toBeNull();
    expect(debitOf({ payer: Payer.CUSTOMER, fundingSource: null, amountFen: 500n })).toBeNull();
  });

  it("cannot join a cycle whose invoice the partner issued", () => {
    expect(refusal(() => assertCycleNotInvoiced({ billCycle: "2026-10" }))).toMatchObject({ rule: "cycle-invoiced" });
    expect(refusal(() => assertCycleNotInvoiced(null))).toBeNull();
  });
});
