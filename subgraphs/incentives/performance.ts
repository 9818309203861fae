import { badUserInput } from "../../common/errors.js";
import { minor } from "../common/money.js";
import { divideHalfUp, lastDayOf } from "../common/tax.js";
import { IncentiveStatus, type IncentiveNotice } from "./entities/incentiveNotice.js";
import type { IncentivePolicy } from "./entities/incentivePolicy.js";
import type { PerformanceRecord } from "./entities/performanceRecord.js";

/**
 * What a partner's incentives add up to and what its performance (业绩) earns (docs/domain.md,
 * Incentives): plain functions of the notices, the period's consumption and the policies, in fen.
 */

/** Notice amounts by where the incentives stand, and the first deadline of a claimable one. */
export interface IncentiveTotals {
  byStatus: Record<IncentiveStatus, bigint>;
  nextClaimDeadline: string | null;
}

export function incentiveTotals(
  notices: readonly Pick<IncentiveNotice, "status" | "noticeAmountFen" | "claimDeadline">[],
): IncentiveTotals {
  const byStatus = Object.fromEntries(Object.values(IncentiveStatus).map((status) => [status, 0n])) as Record<
    IncentiveStatus,
    bigint
  >;
  for (const notice of notices) byStatus[notice.status] += notice.noticeAmountFen;
  const claimable = notices.filter((n) => n.status === IncentiveStatus.NOTIFIED);
  return { byStatus, nextClaimDeadline: claimable.map((n) => n.claimDeadline).sort()[0] ?? null };
}

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

export function checkPeriod(period: string): string {
  if (!PERIOD.test(period)) throw badUserInput("period", `period must be YYYY-MM; got "${period}".`);
  return period;
}

/** The policy of a service type in force on a day, or null when the service earns no incentive. */
export const policyOn = (
  policies: readonly IncentivePolicy[],
  serviceType: string,
  day: string,
): IncentivePolicy | null =>
  policies.find(
    (p) => p.serviceType === serviceType && p.effectiveFrom <= day && (p.effectiveTo === null || day <= p.effectiveTo),
  ) ?? null;

export interface ServiceEstimate {
  serviceType: string;
  consumptionFen: bigint;
  policy: IncentivePolicy | null;
  earnedFen: bigint;
}

export interface PerformanceEstimate {
  consumptionFen: bigint;
  eligibleFen: bigint;
  earnedFen: bigint;
  /** Largest consumption first, then by service type. */
  byServiceType: ServiceEstimate[];
}

const sum = (values: bigint[]) => values.reduce((total, v) => total + v, 0n);

/**
 * What a period's consumption earns: each service type's consumption × the rate of the policy in
 * force on the period's last day, half up to the fen; a refund-only service earns nothing.
 */
export function estimate(
  period: string,
  records: readonly Pick<PerformanceRecord, "serviceType" | "amount">[],
  policies: readonly IncentivePolicy[],
): PerformanceEstimate {
  const day = lastDayOf(period);
  const byServiceType = records
    .map((record) => {
      const policy = policyOn(policies, record.serviceType, day);
      const earnedFen =
        policy && record.amount > 0n ? divideHalfUp(record.amount * BigInt(policy.basisPoints), 10_000n) : 0n;
      return { serviceType: record.serviceType, consumptionFen: record.amount, policy, earnedFen };
    })
    .sort((x, y) =>
      x.consumptionFen === y.consumptionFen
        ? x.serviceType.localeCompare(y.serviceType)
        : x.consumptionFen > y.consumptionFen
          ? -1
          : 1,
    );
  return {
    consumptionFen: sum(records.map((r) => minor(r.amount))),
    eligibleFen: sum(byServiceType.filter((s) => s.policy).map((s) => s.consumptionFen)),
    earnedFen: sum(byServiceType.map((s) => s.earnedFen)),
    byServiceType,
  };
}
