import { describe, expect, it } from "vitest";
import { refusal } from "../helpers/refusal.js";
import { assertOwnPartner } from "../../subgraphs/incentives/access.js";
import { IncentiveStatus } from "../../subgraphs/incentives/entities/incentiveNotice.js";
import { IncentivePolicy } from "../../subgraphs/incentives/entities/incentivePolicy.js";
import { checkPeriod, estimate, incentiveTotals, policyOn } from "../../subgraphs/incentives/performance.js";

const policy = (serviceType: string, basisPoints: number, effectiveFrom: string, effectiveTo: string | null = null) =>
  Object.assign(new IncentivePolicy(), {
    id: `${serviceType}-${effectiveFrom}`,
    serviceType,
    basisPoints,
    effectiveFrom,
    effectiveTo,
  });

describe("a partner's incentives by where they stand", () => {
  it("sum the notice amounts per status, with the first deadline of a claimable one", () => {
    const notice = (status: IncentiveStatus, noticeAmountFen: bigint, claimDeadline: string) => ({
      status,
      noticeAmountFen,
      claimDeadline,
    });
    expect(
      incentiveTotals([
        notice(IncentiveStatus.NOTIFIED, 100n, "2027-03-01T00:00:00.000Z"),
        notice(IncentiveStatus.NOTIFIED, 50n, "2027-01-01T00:00:00.000Z"),
        notice(IncentiveStatus.EXPIRED, 7n, "2025-01-01T00:00:00.000Z"),
        notice(IncentiveStatus.PAID, 1n, "2026-01-01T00:00:00.000Z"),
      ]),
    ).toEqual({
      byStatus: { NOTIFIED: 150n, CLAIMED: 0n, INVOICED: 0n, PAID: 1n, EXPIRED: 7n },
      nextClaimDeadline: "2027-01-01T00:00:00.000Z",
    });
    expect(incentiveTotals([]).nextClaimDeadline).toBeNull();
  });

  it("are my own partner's only", () => {
    expect(refusal(() => assertOwnPartner({ partnerId: "p-1" }, "p-1"))).toBeNull();
    expect(refusal(() => assertOwnPartner({ partnerId: "p-1" }, "p-2"))).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("a partner's performance in a period", () => {
  const policies = [
    policy("ECS", 300, "2026-01-01", "2026-06-30"),
    policy("ECS", 500, "2026-07-01"),
    policy("RDS", 250, "2026-01-01"),
  ];

  it("is asked of a period YYYY-MM", () => {
    expect(checkPeriod("2026-10")).toBe("2026-10");
    expect(refusal(() => checkPeriod("2026-1"))).toMatchObject({ code: "BAD_USER_INPUT", argument: "period" });
  });

  it("takes the policy in force on the period's last day", () => {
    expect(policyOn(policies, "ECS", "2026-06-30")?.basisPoints).toBe(300);
    expect(policyOn(policies, "ECS", "2026-07-31")?.basisPoints).toBe(500);
    expect(policyOn(policies, "OBS", "2026-07-31")).toBeNull();
  });

  it("earns consumption × the rate half up to the fen, nothing without a policy or on refunds, largest first", () => {
    const estimated = estimate(
      "2026-07",
      [
        { serviceType: "RDS", amount: 1_001n },
        { serviceType: "ECS", amount: 10_010n },
        { serviceType: "OBS", amount: 20_000n },
        { serviceType: "CDN", amount: 1_001n },
        { serviceType: "ECS2", amount: -5n },
      ],
      [...policies, policy("ECS2", 500, "2026-01-01")],
    );
    expect(estimated.byServiceType.map((s) => [s.serviceType, s.earnedFen])).toEqual([
      ["OBS", 0n],
      ["ECS", 501n], // 500.5
      ["CDN", 0n],
      ["RDS", 25n], // 25.025
      ["ECS2", 0n],
    ]);
    expect(estimated).toMatchObject({ consumptionFen: 32_007n, eligibleFen: 11_006n, earnedFen: 526n });
  });
});
