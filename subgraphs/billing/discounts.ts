import { badUserInput } from "../../common/errors.js";
import type { CustomerFacts } from "./crossChecks.js";
import type { PartnerAccount } from "./entities/partnerAccount.js";
import { refuse } from "./rules.js";

/**
 * Discounts (docs/domain.md, Discounts): a partner with the platform's permission discounts its
 * consulting-sales customers, 0.80 to 1.00; a reseller discounts marketplace products, 0.50 to
 * 1.00. Rates are basis points in code; plain functions, tested without GraphQL or a database.
 */

/** The rate without a discount: 1.00. */
export const NO_DISCOUNT = 10_000;
/** The lowest rates a partner may set. */
export const MIN_CUSTOMER_RATE = 0.8;
export const MIN_PRODUCT_RATE = 0.5;

/** Rates are 0.01 steps: "0.85" is 8500 basis points. */
export function basisPoints(argument: string, rate: string, min: number): number {
  const m = /^(0|1)(?:\.(\d{1,2}))?$/.exec(rate);
  const points = m ? Number(m[1]) * 10_000 + Number((m[2] ?? "").padEnd(2, "0")) * 100 : NaN;
  if (!(points >= min * 10_000 && points <= 10_000))
    throw badUserInput(
      argument,
      `${argument} must be between ${min.toFixed(2)} and 1.00 with at most 2 decimals; got "${rate}".`,
    );
  return points;
}

/** A rate as clients read it: 8500 → "0.85". */
export const rateOf = (points: number): string => (points / 10_000).toFixed(2);

/** A price at a rate, rounded half up to the fen. */
export const discounted = (fen: bigint, points: number): bigint => (fen * BigInt(points) + 5_000n) / 10_000n;

/** Per-customer discounts need the platform's permission... */
export function assertDiscountPermission(account: Pick<PartnerAccount, "discountPermission"> | null): void {
  if (!account?.discountPermission)
    throw refuse(
      "discount-permission",
      "Your partner has not been granted the platform's permission to set customer discounts.",
    );
}

/** ...and are for consulting-sales customers only. */
export function assertNotResale(facts: Pick<CustomerFacts, "associationType">): void {
  if (facts.associationType === "RESALE")
    throw refuse("discount-not-for-resale", "Per-customer discounts are not for resale customers.");
}

/** Only cloud resellers sell through the marketplace. */
export function assertReseller(partnerType: string): void {
  if (partnerType !== "RESELLER")
    throw refuse("resellers-only", "Only cloud resellers sell through the marketplace and set product discounts.");
}
