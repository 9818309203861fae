import { badUserInput } from "../../common/errors.js";
import { divideHalfUp } from "../common/tax.js";
import { InvoiceStatus, type Invoice } from "./entities/invoice.js";
import { refuse } from "./rules.js";

/**
 * Resale invoices (docs/domain.md, Resale invoices): for each ended bill cycle my partner
 * invoices every resale customer its resale consumption of the cycle, to the fen. Consulting-
 * sales customers pay the platform and get its invoices, never the partner's.
 */

/**
 * Cloud services are a modern service taxed at 6% VAT, and consumption amounts include it, so
 * the invoice amount is the consumption and its tax the 6% inside it. (A small-scale
 * taxpayer's own rate is not applied yet: see docs/domain.md.)
 */
export const INVOICE_VAT_BASIS_POINTS = 600;

/** The VAT inside a tax-inclusive amount, half up to the fen (1,060.00 → 60.00). */
export function taxIncluded(amountFen: bigint, basisPoints = INVOICE_VAT_BASIS_POINTS): bigint {
  return amountFen - divideHalfUp(amountFen * 10_000n, BigInt(10_000 + basisPoints));
}

const CYCLE = /^\d{4}-(0[1-9]|1[0-2])$/;

export function checkCycle(cycle: string): string {
  if (!CYCLE.test(cycle))
    throw badUserInput("cycle", `cycle must be a bill cycle YYYY-MM, e.g. "2026-10"; got "${cycle}".`);
  return cycle;
}

/** A cycle is invoiced once it has ended (UTC): until then its consumption still grows. */
export function assertCycleEnded(cycle: string, now: string): void {
  if (cycle >= now.slice(0, 7))
    throw refuse("cycle-not-ended", `Bill cycle ${cycle} has not ended yet; invoice it from its next month.`);
}

export function assertDraft(invoice: Pick<Invoice, "status" | "issuedAt">): void {
  if (invoice.status !== InvoiceStatus.DRAFT)
    throw refuse("invoice-issued", `This invoice was already issued on ${invoice.issuedAt?.slice(0, 10)}.`);
}

/** Refunds that leave the customer owing nothing in the cycle leave nothing to invoice. */
export function assertOwing(amountFen: bigint): void {
  if (amountFen <= 0n)
    throw refuse(
      "nothing-to-invoice",
      "After refunds the customer owes nothing for this cycle: prepare the cycle again.",
    );
}

export interface CustomerTotal {
  customerId: string;
  amountFen: bigint;
}

export interface DraftChanges {
  /** Customers that get a new draft, with the amount. */
  create: CustomerTotal[];
  /** Drafts whose amount changed (late lines), with the new amount. */
  update: { invoice: Invoice; amountFen: bigint }[];
  /** Drafts whose customer no longer owes anything in the cycle (refunds). */
  remove: Invoice[];
}

/**
 * What preparing a cycle changes: a draft per customer whose resale consumption in the cycle is
 * positive (a refund that leaves nothing owed gets no invoice), drafts following their totals;
 * issued invoices are never touched.
 */
export function draftChanges(totals: readonly CustomerTotal[], existing: readonly Invoice[]): DraftChanges {
  const byCustomer = new Map(existing.map((invoice) => [invoice.customerId, invoice]));
  const owing = new Map(totals.filter((t) => t.amountFen > 0n).map((t) => [t.customerId, t.amountFen]));
  const changes: DraftChanges = { create: [], update: [], remove: [] };
  for (const [customerId, amountFen] of owing) {
    const invoice = byCustomer.get(customerId);
    if (!invoice) changes.create.push({ customerId, amountFen });
    else if (invoice.status === InvoiceStatus.DRAFT && invoice.amountFen !== amountFen)
      changes.update.push({ invoice, amountFen });
  }
  for (const invoice of existing)
    if (invoice.status === InvoiceStatus.DRAFT && !owing.has(invoice.customerId)) changes.remove.push(invoice);
  return changes;
}
