import { describe, expect, it } from "vitest";
import { refusal } from "../helpers/refusal.js";
import {
  QuotaApplicationStatus,
  VoucherQuotaApplication,
} from "../../subgraphs/billing/entities/voucherQuotaApplication.js";
import { QuotaType } from "../../subgraphs/billing/entities/voucherQuota.js";
import {
  assertNoneUnderReview,
  assertUnderReview,
  checkQuotaRequest,
  decisionOf,
  quotaGranted,
  reviewComment,
} from "../../subgraphs/billing/quotaApplications.js";

const valid = { amount: "50000.00", validity: 12, reason: " New customers " };

describe("a voucher quota application", () => {
  it("is an exact amount, 1 to 24 months, 1 to 10 service codes (a default scope), and a reason", () => {
    expect(checkQuotaRequest(valid)).toEqual({
      amountFen: 5_000_000n,
      validityMonths: 12,
      serviceTypes: ["ECS", "EVS", "OBS", "RDS", "CDN"],
      reason: "New customers",
    });
    expect(checkQuotaRequest({ ...valid, amount: "1000000.00", serviceTypes: ["RDS", "RDS"] })).toMatchObject({
      amountFen: 100_000_000n,
      serviceTypes: ["RDS"],
    });
    for (const [input, argument] of [
      [{ amount: "1000000.01" }, "input.amount"],
      [{ amount: "-1.00" }, "input.amount"],
      [{ validity: 0 }, "input.validity"],
      [{ validity: 1.5 }, "input.validity"],
      [{ validity: 25 }, "input.validity"],
      [{ serviceTypes: ["ecs"] }, "input.serviceTypes"],
      [{ serviceTypes: Array.from({ length: 11 }, (_, i) => `S${"ABCDEFGHIJK"[i]}`) }, "input.serviceTypes"],
      [{ reason: "" }, "input.reason"],
      [{ reason: "x".repeat(501) }, "input.reason"],
    ] as [Record<string, unknown>, string][]) {
      expect(refusal(() => checkQuotaRequest({ ...valid, ...input }))).toMatchObject({
        code: "BAD_USER_INPUT",
        argument,
      });
    }
  });

  it("waits for the decision on the last one of its type, and is decided once", () => {
    expect(refusal(() => assertNoneUnderReview([]))).toBeNull();
    expect(refusal(() => assertNoneUnderReview([{ appliedAt: "2026-11-01T00:00:00.000Z" }]))).toMatchObject({
      rule: "review-in-progress",
    });
    expect(refusal(() => assertUnderReview({ status: QuotaApplicationStatus.UNDER_REVIEW }))).toBeNull();
    for (const status of [QuotaApplicationStatus.APPROVED, QuotaApplicationStatus.REJECTED])
      expect(refusal(() => assertUnderReview({ status }))).toMatchObject({ rule: "not-under-review" });
  });

  it("grants a quota of the amount applied for, from the approval for its months", () => {
    const application = Object.assign(new VoucherQuotaApplication(), {
      partnerId: "p1",
      type: QuotaType.VOUCHER,
      amountFen: 12_345n,
      validityMonths: 3,
      serviceTypeList: "ECS,RDS",
    });
    expect(quotaGranted(application, "q1", "2026-11-15T08:00:00.000Z")).toMatchObject({
      id: "q1",
      partnerId: "p1",
      type: QuotaType.VOUCHER,
      valueFen: 12_345n,
      balanceFen: 12_345n,
      serviceTypeList: "ECS,RDS",
      effectiveAt: "2026-11-15T08:00:00.000Z",
      expiresAt: "2027-02-15T08:00:00.000Z",
      status: "NORMAL",
    });
  });

  it("records the reviewer's decision, a trimmed comment of at most 500 characters, and the quota granted", () => {
    const now = "2026-11-15T08:00:00.000Z";
    expect(decisionOf(true, { id: "q1" }, "ok", now)).toEqual({
      status: QuotaApplicationStatus.APPROVED,
      reviewedAt: now,
      comment: "ok",
      quotaId: "q1",
    });
    expect(decisionOf(false, null, null, now)).toMatchObject({
      status: QuotaApplicationStatus.REJECTED,
      quotaId: null,
    });
    expect(reviewComment("  too much  ")).toBe("too much");
    expect(reviewComment("   ")).toBeNull();
    expect(reviewComment(undefined)).toBeNull();
    expect(reviewComment("x".repeat(600))).toHaveLength(500);
  });
});
