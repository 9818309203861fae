import type { DataSource } from "typeorm";
import { insertMany } from "../common/database.js";
import { demoPartners, endOfCycle, type DemoOptions } from "../../common/demo.js";
import { Random } from "../../common/random.js";
import { IncentiveNotice, IncentiveStatus, PayoutMethod } from "./entities/incentiveNotice.js";
import { IncentivePolicy } from "./entities/incentivePolicy.js";
import { TaxRate } from "./entities/taxRate.js";
import { claimDeadlineOf } from "./claimDeadline.js";

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** VAT rates: the platform's 6%, general taxpayers 6%, small-scale 3% (1% while the reduced rate holds). */
const TAX_RATES = [
  ["PLATFORM", 600, "2016-05-01", null],
  ["GENERAL", 600, "2016-05-01", null],
  ["SMALL_SCALE", 300, "2014-01-01", "2020-02-29"],
  ["SMALL_SCALE", 100, "2020-03-01", "2027-12-31"],
  ["SMALL_SCALE", 300, "2028-01-01", null],
] as const;

const POLICIES = [
  ["ECS", "Compute growth incentive", 1000, true, "2016-05-01", "2025-06-30"],
  ["ECS", "Compute growth incentive", 800, true, "2025-07-01", null],
  ["RDS", "Database incentive", 800, true, "2016-05-01", null],
  ["CCE", "Cloud-native incentive", 1000, true, "2020-01-01", null],
  ["DCS", "Middleware incentive", 600, true, "2018-01-01", null],
  ["OBS", "Storage incentive", 600, false, "2016-05-01", null],
  ["CDN", "Content delivery incentive", 500, false, "2016-05-01", null],
] as const;

/** Monthly periods from the partner's first full month to `until`. */
function periodsOf(joinedAt: string, until: string): string[] {
  const periods: string[] = [];
  const joined = new Date(joinedAt);
  for (
    let d = new Date(Date.UTC(joined.getUTCFullYear(), joined.getUTCMonth() + 1, 1));
    d.toISOString().slice(0, 7) <= until;
    d.setUTCMonth(d.getUTCMonth() + 1)
  ) {
    periods.push(d.toISOString().slice(0, 7));
  }
  return periods;
}

/** Before 2019 the partner center truncated instead of rounding: its shown amount can be a fen lower, and it counts. */
function shownBefore2019(noticeFen: bigint): bigint {
  return (((noticeFen * 10_000n) / 10_600n) * 10_600n) / 10_000n;
}

export async function seedIncentives(
  db: DataSource,
  demo: DemoOptions,
  progress: (message: string) => void,
): Promise<void> {
  const now = endOfCycle(demo.until);
  const catalogue = new Random(`${demo.seed}:incentive-catalogue`);
  const rates = TAX_RATES.map(([taxpayerType, basisPoints, effectiveFrom, effectiveTo]) =>
    Object.assign(new TaxRate(), { id: catalogue.uuid(), taxpayerType, basisPoints, effectiveFrom, effectiveTo }),
  );
  const policies = POLICIES.map(([serviceType, name, basisPoints, discountsAllowed, effectiveFrom, effectiveTo]) =>
    Object.assign(new IncentivePolicy(), {
      id: catalogue.uuid(),
      serviceType,
      name,
      basisPoints,
      discountsAllowed,
      effectiveFrom,
      effectiveTo,
    }),
  );
  const notices = demoPartners(demo.seed).flatMap((partner) =>
    periodsOf(partner.joinedAt, demo.until).map((period) => {
      const random = new Random(`${demo.seed}:incentive:${partner.id}:${period}`);
      // Notices come out about 20 days after the period closes.
      const notifiedAt = endOfCycle(period) + random.int(15, 25) * DAY;
      const deadline = Date.parse(claimDeadlineOf(iso(notifiedAt)));
      const status: IncentiveStatus =
        deadline < now
          ? random.weighted([
              [IncentiveStatus.PAID, 90],
              [IncentiveStatus.EXPIRED, 10],
            ] as const)
          : random.weighted([
              [IncentiveStatus.NOTIFIED, 40],
              [IncentiveStatus.CLAIMED, 20],
              [IncentiveStatus.INVOICED, 15],
              [IncentiveStatus.PAID, 25],
            ] as const);
      const noticeAmountFen = BigInt(random.int(300_000, 8_000_000));
      const claimed =
        status === IncentiveStatus.CLAIMED || status === IncentiveStatus.INVOICED || status === IncentiveStatus.PAID;
      const invoiced = status === IncentiveStatus.INVOICED || (status === IncentiveStatus.PAID && random.chance(0.6));
      const payoutMethod = !claimed
        ? null
        : invoiced
          ? PayoutMethod.BANK_TRANSFER
          : random.pick([PayoutMethod.VOUCHER_QUOTA, PayoutMethod.ACCOUNT_CREDIT]);
      const claimedAt = notifiedAt + random.int(5, 60) * DAY;
      return Object.assign(new IncentiveNotice(), {
        id: random.uuid(),
        partnerId: partner.id,
        period,
        noticeAmountFen,
        shownInvoiceFen: period < "2019-01" ? shownBefore2019(noticeAmountFen) : null,
        storedStatus: status,
        notifiedAt: iso(notifiedAt),
        claimDeadline: iso(deadline),
        payoutMethod,
        claimedAt: claimed ? iso(claimedAt) : null,
        invoiceNumber: invoiced ? `INV${period.replace("-", "")}${random.int(10_000, 99_999)}` : null,
        settlementPeriod: invoiced ? period : null,
        paymentRequisitionNumber: invoiced ? `PR${random.int(1_000_000, 9_999_999)}` : null,
        invoicedAt: invoiced ? iso(claimedAt + 5 * DAY) : null,
        paidAt: status === IncentiveStatus.PAID ? iso(claimedAt + 20 * DAY) : null,
      });
    }),
  );
  await db.transaction(async (tx) => {
    await insertMany(tx, TaxRate, rates);
    await insertMany(tx, IncentivePolicy, policies);
    await insertMany(tx, IncentiveNotice, notices);
  });
  progress(`${notices.length} incentive notices, ${rates.length} tax rates, ${policies.length} incentive policies`);
}
