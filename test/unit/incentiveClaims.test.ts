import { describe, expect, it } from "vitest";
import { refusedArguments, ruleOf } from "../helpers/refusal.js";
import {
  assertClaimable,
  assertInvoiceable,
  assertInvoiceAmount,
  assertPayable,
  checkInvoice,
  claimed,
  invoiced,
  shownInvoiceFen,
} from "../../subgraphs/incentives/claims.js";
import { IncentiveStatus, PayoutMethod } from "../../subgraphs/incentives/entities/incentiveNotice.js";

const { NOTIFIED, CLAIMED, INVOICED, PAID, EXPIRED } = IncentiveStatus;
const { BANK_TRANSFER, ACCOUNT_CREDIT, VOUCHER_QUOTA } = PayoutMethod;
const NOW = "2026-11-30T12:00:00.000Z";

describe("claiming an incentive", () => {
  it.each([
    [NOTIFIED, null],
    [EXPIRED, "claim-deadline-passed"],
    [CLAIMED, "already-claimed"],
    [INVOICED, "already-claimed"],
    [PAID, "already-claimed"],
  ])("a notice %s: %s", (status, rule) => {
    expect(ruleOf(() => assertClaimable({ status, claimDeadline: "2026-11-01T00:00:00.000Z" }))).toBe(rule);
  });

  it("names the deadline that passed, and records the payout method chosen", () => {
    expect(() => assertClaimable({ status: EXPIRED, claimDeadline: "2026-11-01T00:00:00.000Z" })).toThrow(
      "Incentives must be claimed within one year of the notice: the deadline was 2026-11-01T00:00:00.000Z.",
    );
    expect(claimed(ACCOUNT_CREDIT, NOW)).toEqual({
      storedStatus: CLAIMED,
      payoutMethod: ACCOUNT_CREDIT,
      claimedAt: NOW,
    });
  });
});

describe("the invoice of a claimed incentive", () => {
  const input = {
    invoiceNumber: "INV-2026_001",
    invoiceAmount: "1060.00",
    settlementPeriod: "2026-10",
    paymentRequisitionNumber: "PR-1",
  };

  it("is an exact amount, a settlement period and numbers of letters, digits, _ or -", () => {
    expect(checkInvoice(input)).toBe(106_000n);
    expect(
      refusedArguments(checkInvoice, input, [
        { invoiceAmount: "0" },
        { settlementPeriod: "2026-13" },
        { invoiceNumber: "INV 1" },
        { paymentRequisitionNumber: "x".repeat(41) },
      ]),
    ).toEqual([
      "input.invoiceAmount",
      "input.settlementPeriod",
      "input.invoiceNumber",
      "input.paymentRequisitionNumber",
    ]);
  });

  it.each([
    [CLAIMED, BANK_TRANSFER, null],
    [NOTIFIED, null, "not-claimed"],
    [INVOICED, BANK_TRANSFER, "not-claimed"],
    [CLAIMED, ACCOUNT_CREDIT, "invoice-not-needed"],
    [CLAIMED, VOUCHER_QUOTA, "invoice-not-needed"],
  ])("a notice %s, paid as %s: %s", (status, payoutMethod, rule) => {
    expect(ruleOf(() => assertInvoiceable({ status, payoutMethod }))).toBe(rule);
  });

  it("is for the notice's invoice amount to the fen", () => {
    expect(ruleOf(() => assertInvoiceAmount(106_000n, 106_000n))).toBeNull();
    expect(() => assertInvoiceAmount(106_001n, 106_000n)).toThrow(
      "The invoice must be for 1060.00 yuan (the notice's invoice amount), not 1060.01.",
    );
    expect(ruleOf(() => assertInvoiceAmount(105_999n, 106_000n))).toBe("invoice-amount-mismatch");
    expect(invoiced(input, NOW)).toEqual({
      storedStatus: INVOICED,
      invoiceNumber: "INV-2026_001",
      settlementPeriod: "2026-10",
      paymentRequisitionNumber: "PR-1",
      invoicedAt: NOW,
    });
  });

  it("counts as the partner center showed it for periods before 2019, else as computed", () => {
    expect(shownInvoiceFen({ period: "2018-12", shownInvoiceFen: 100n })).toBe(100n);
    expect(shownInvoiceFen({ period: "2018-12", shownInvoiceFen: null })).toBeNull();
    expect(shownInvoiceFen({ period: "2019-01", shownInvoiceFen: 100n })).toBeNull();
  });
});

describe("paying out an incentive", () => {
  it.each([
    [INVOICED, BANK_TRANSFER, null],
    [CLAIMED, BANK_TRANSFER, "not-payable"],
    [CLAIMED, ACCOUNT_CREDIT, null],
    [CLAIMED, VOUCHER_QUOTA, null],
    [PAID, ACCOUNT_CREDIT, "not-payable"],
    [NOTIFIED, null, "not-payable"],
  ])("a notice %s, paid as %s: %s", (status, payoutMethod, rule) => {
    expect(ruleOf(() => assertPayable({ status, payoutMethod }))).toBe(rule);
  });

  it("says what it waits for", () => {
    expect(() => assertPayable({ status: CLAIMED, payoutMethod: BANK_TRANSFER })).toThrow(
      "A BANK_TRANSFER incentive is paid once INVOICED; this one is CLAIMED.",
    );
    expect(() => assertPayable({ status: NOTIFIED, payoutMethod: null })).toThrow(
      "A unclaimed incentive is paid once CLAIMED; this one is NOTIFIED.",
    );
  });
});
