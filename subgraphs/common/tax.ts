/**
 * From an incentive notice to an invoice (docs/domain.md, Incentives): the notice amount includes
 * VAT at the platform's rate; it is first converted to its tax-exclusive amount, then the
 * partner invoices that amount plus VAT at its own taxpayer rate. A general taxpayer invoices
 * the notice amount itself; a small-scale taxpayer (3%, or 1% while the reduced rate holds)
 * invoices less. Rates are data with effective dates; the rate that applies is the one in
 * force on the last day of the reconciliation period.
 *
 * Rounding: each step rounds half up to the fen, the invoice from the rounded tax-exclusive
 * amount (10,600.00 → 10,000.00 → 10,300.00 at 3%; 1,234.57 → 1,164.69 → 1,199.63 at 3%).
 */
export type TaxpayerKind = "PLATFORM" | "GENERAL" | "SMALL_SCALE";

export interface TaxRateRow {
  taxpayerType: TaxpayerKind;
  /** Rate in basis points: 600 is 6%. */
  basisPoints: number;
  /** First day it applies, YYYY-MM-DD. */
  effectiveFrom: string;
  /** Last day it applies, YYYY-MM-DD; null while in force. */
  effectiveTo: string | null;
}

export interface IncentiveAmounts {
  taxExclusive: bigint;
  invoice: bigint;
  platformBasisPoints: number;
  partnerBasisPoints: number;
}

/** Half-up division of non-negative integers. */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/** The last day of a reconciliation period YYYY-MM. */
export function lastDayOf(period: string): string {
  const [year, month] = period.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

export function rateOn(rates: readonly TaxRateRow[], kind: TaxpayerKind, day: string): number {
  const rate = rates.find(
    (r) => r.taxpayerType === kind && r.effectiveFrom <= day && (r.effectiveTo === null || day <= r.effectiveTo),
  );
  if (!rate) throw new Error(`No ${kind} tax rate is in force on ${day}.`);
  return rate.basisPoints;
}

export function incentiveAmounts(
  noticeFen: bigint,
  period: string,
  taxpayer: Exclude<TaxpayerKind, "PLATFORM">,
  rates: readonly TaxRateRow[],
): IncentiveAmounts {
  const day = lastDayOf(period);
  const platformBasisPoints = rateOn(rates, "PLATFORM", day);
  const partnerBasisPoints = rateOn(rates, taxpayer, day);
  const taxExclusive = divideHalfUp(noticeFen * 10_000n, BigInt(10_000 + platformBasisPoints));
  // At the platform's own rate the partner invoices the notice amount itself, not a round trip of it.
  const invoice =
    partnerBasisPoints === platformBasisPoints
      ? noticeFen
      : divideHalfUp(taxExclusive * BigInt(10_000 + partnerBasisPoints), 10_000n);
  return { taxExclusive, invoice, platformBasisPoints, partnerBasisPoints };
}

/** A rate kept in basis points as a decimal string with two to four places: 600 → "0.06", 825 → "0.0825". */
export function rateOfBasisPoints(basisPoints: number): string {
  return (basisPoints / 10_000).toFixed(4).replace(/0{1,2}$/, "");
}
