import { badUserInput } from "../../common/errors.js";
import { formatMinor, parseAmount } from "../common/money.js";
import { IncentiveStatus, PayoutMethod, type IncentiveNotice } from "./entities/incentiveNotice.js";
import { refuse } from "./rules.js";

/**
 * Claiming an incentive (docs/domain.md, Incentives): NOTIFIED → CLAIMED within the claim
 * deadline, with a payout method; a bank transfer needs the partner's invoice for the exact
 * invoice amount (CLAIMED → INVOICED); the platform then pays (→ PAID). Plain functions of the
 * notice, so the rules read and test without GraphQL or a database.
 */

type Status = Pick<IncentiveNotice, "status">;

/** Periods before 2019-01 keep the invoice amount the partner center showed. */
const BEFORE_2019 = "2019-01";

/** The invoice amount the partner center showed, when it is the one that counts (a period before 2019); else null. */
export const shownInvoiceFen = (notice: Pick<IncentiveNotice, "period" | "shownInvoiceFen">): bigint | null =>
  notice.period < BEFORE_2019 ? notice.shownInvoiceFen : null;

/** A notice is claimed once, before its deadline. */
export function assertClaimable(notice: Status & Pick<IncentiveNotice, "claimDeadline">): void {
  if (notice.status === IncentiveStatus.EXPIRED) {
    throw refuse(
      "claim-deadline-passed",
      `Incentives must be claimed within one year of the notice: the deadline was ${notice.claimDeadline}.`,
    );
  }
  if (notice.status !== IncentiveStatus.NOTIFIED)
    throw refuse("already-claimed", `The incentive is already ${notice.status}.`);
}

export const claimed = (payoutMethod: PayoutMethod, now: string): Partial<IncentiveNotice> => ({
  storedStatus: IncentiveStatus.CLAIMED,
  payoutMethod,
  claimedAt: now,
});

/** The partner's invoice as it submits it (the GraphQL input). */
export interface InvoiceInput {
  invoiceNumber: string;
  invoiceAmount: string;
  settlementPeriod: string;
  paymentRequisitionNumber: string;
}

/** An exact amount, a settlement period YYYY-MM, and numbers of letters, digits, _ or -; the amount in fen. */
export function checkInvoice(input: InvoiceInput): bigint {
  const invoiced = parseAmount("input.invoiceAmount", input.invoiceAmount);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(input.settlementPeriod))
    throw badUserInput("input.settlementPeriod", "settlementPeriod must be a period YYYY-MM.");
  for (const field of ["invoiceNumber", "paymentRequisitionNumber"] as const) {
    if (!/^[\w-]{1,40}$/.test(input[field]))
      throw badUserInput(`input.${field}`, `${field} must be 1 to 40 letters, digits, _ or -.`);
  }
  return invoiced;
}

/** Only a claimed incentive paid by bank transfer is invoiced. */
export function assertInvoiceable(notice: Status & Pick<IncentiveNotice, "payoutMethod">): void {
  if (notice.status !== IncentiveStatus.CLAIMED)
    throw refuse("not-claimed", `Only a claimed incentive is invoiced; this one is ${notice.status}.`);
  if (notice.payoutMethod !== PayoutMethod.BANK_TRANSFER)
    throw refuse("invoice-not-needed", `An incentive paid out as ${notice.payoutMethod} needs no invoice.`);
}

/** The invoice is for the notice's invoice amount, to the fen. */
export function assertInvoiceAmount(invoicedFen: bigint, expectedFen: bigint): void {
  if (invoicedFen !== expectedFen)
    throw refuse(
      "invoice-amount-mismatch",
      `The invoice must be for ${formatMinor(expectedFen)} yuan (the notice's invoice amount), not ${formatMinor(invoicedFen)}.`,
    );
}

export const invoiced = (input: Omit<InvoiceInput, "invoiceAmount">, now: string): Partial<IncentiveNotice> => ({
  storedStatus: IncentiveStatus.INVOICED,
  invoiceNumber: input.invoiceNumber,
  settlementPeriod: input.settlementPeriod,
  paymentRequisitionNumber: input.paymentRequisitionNumber,
  invoicedAt: now,
});

/** Paid after the invoice for bank transfers, after the claim otherwise. */
export function assertPayable(notice: Status & Pick<IncentiveNotice, "payoutMethod">): void {
  const ready = notice.payoutMethod === PayoutMethod.BANK_TRANSFER ? IncentiveStatus.INVOICED : IncentiveStatus.CLAIMED;
  if (notice.status !== ready)
    throw refuse(
      "not-payable",
      `A ${notice.payoutMethod ?? "unclaimed"} incentive is paid once ${ready}; this one is ${notice.status}.`,
    );
}

export const paid = (now: string): Partial<IncentiveNotice> => ({ storedStatus: IncentiveStatus.PAID, paidAt: now });
