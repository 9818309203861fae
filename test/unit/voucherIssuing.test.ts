import { describe, expect, it } from "vitest";
import { refusal } from "../helpers/refusal.js";
import { Voucher, VoucherStatus } from "../../subgraphs/billing/entities/voucher.js";
import { QuotaStatus, VoucherQuota } from "../../subgraphs/billing/entities/voucherQuota.js";
import {
  assertQuotaCovers,
  checkIssueRequest,
  customerRefusal,
  issuedTo,
  quotaFits,
  type IssueInput,
} from "../../subgraphs/billing/voucherIssuing.js";
import { assertReclaimable } from "../../subgraphs/billing/vouchers.js";

const NOW = "2026-11-30T12:00:00.000Z";
const input = {
  customerIds: ["c-1", "c-2"],
  faceValue: "200.00",
  purchaseScope: [" ecs", "RDS", "ECS"],
  validUntil: "2027-03-01T00:00:00.000Z",
  newCustomer: false,
};
const request = checkIssueRequest(input, NOW);
const quota = (changes: Partial<VoucherQuota> = {}) =>
  Object.assign(new VoucherQuota(), {
    status: QuotaStatus.NORMAL,
    serviceTypeList: "ECS,RDS,OBS",
    effectiveAt: "2026-01-01T00:00:00.000Z",
    expiresAt: "2027-06-30T00:00:00.000Z",
    balanceFen: 50_000n,
    ...changes,
  });

describe("an issue request", () => {
  it("names 1 to 100 different customers and 1 to 10 service types, valid from now by default", () => {
    expect(request).toEqual({
      quotaId: null,
      customerIds: ["c-1", "c-2"],
      face: 20_000n,
      scope: ["ECS", "RDS"],
      validFrom: NOW,
      validUntil: "2027-03-01T00:00:00.000Z",
      newCustomer: false,
      memo: null,
    });
    const wrong: [Partial<IssueInput>, string][] = [
      [{ customerIds: [] }, "input.customerIds"],
      [{ customerIds: ["c-1", "c-1"] }, "input.customerIds"],
      [{ purchaseScope: ["E"] }, "input.purchaseScope"],
      [{ validUntil: "2026-11-30T11:00:00.000Z" }, "input.validUntil"],
      [{ validFrom: "2027-04-01T00:00:00.000Z" }, "input.validUntil"],
      [{ faceValue: "1.001" }, "input.faceValue"],
    ];
    for (const [changes, argument] of wrong) {
      expect(refusal(() => checkIssueRequest({ ...input, ...changes }, NOW))).toMatchObject({
        code: "BAD_USER_INPUT",
        argument,
      });
    }
  });
});

describe("a quota named to issue from", () => {
  it.each([
    ["usable and covering", {}, {}, null],
    ["frozen", { status: QuotaStatus.FROZEN }, {}, "quota-unusable"],
    ["expired", { expiresAt: NOW }, {}, "quota-unusable"],
    ["not covering the scope", { serviceTypeList: "ECS" }, {}, "voucher-scope-outside-quota"],
    ["ending before the voucher", {}, { validUntil: "2027-07-01T00:00:00.000Z" }, "validity-outside-quota"],
    ["starting after the voucher", {}, { validFrom: "2025-12-31T00:00:00.000Z" }, "validity-outside-quota"],
  ])("%s: %s", (_, changes, requestChanges, rule) => {
    expect(refusal(() => assertQuotaCovers(quota(changes), { ...request, ...requestChanges }, NOW))?.rule ?? null).toBe(
      rule,
    );
  });
});

describe("a quota chosen by billing", () => {
  it("covers the scope, the validity and one voucher's value", () => {
    expect(quotaFits(quota(), request)).toBe(true);
    expect(quotaFits(quota({ balanceFen: 19_999n }), request)).toBe(false);
    expect(quotaFits(quota({ serviceTypeList: "RDS" }), request)).toBe(false);
    expect(quotaFits(quota({ expiresAt: "2027-02-01T00:00:00.000Z" }), request)).toBe(false);
  });
});

describe("a customer issued a voucher", () => {
  const facts = (newCustomerTag: "YES" | "NO" | "UNDETERMINED") =>
    ({ id: "c-1", associationType: "RESALE", newCustomerTag }) as const;

  it("is one the caller sees", () => {
    expect(customerRefusal("c-9", undefined, request)).toMatchObject({ code: "NOT_FOUND", rule: null });
    expect(customerRefusal("c-1", facts("NO"), request)).toBeNull();
  });

  it("is tagged new for a new-customer voucher", () => {
    const newCustomer = { newCustomer: true };
    expect(customerRefusal("c-1", facts("YES"), newCustomer)).toBeNull();
    for (const tag of ["NO", "UNDETERMINED"] as const)
      expect(customerRefusal("c-1", facts(tag), newCustomer)).toMatchObject({
        code: "PRECONDITION_FAILED",
        rule: "not-a-new-customer",
      });
  });
});

describe("reclaiming a voucher", () => {
  it("takes back a usable voucher only", () => {
    expect(refusal(() => assertReclaimable({ status: VoucherStatus.USABLE }))).toBeNull();
    for (const status of [VoucherStatus.USED, VoucherStatus.EXPIRED, VoucherStatus.RECLAIMED])
      expect(refusal(() => assertReclaimable({ status }))).toMatchObject({ rule: "voucher-not-usable" });
  });
});

describe("a voucher issued to one customer", () => {
  it("is the voucher, else the customer's refusal as the error", () => {
    const voucher = new Voucher();
    expect(issuedTo("c-1", { issued: [voucher], failures: [] })).toBe(voucher);
    const failure = (rule: "not-a-new-customer" | null, code: "NOT_FOUND" | "PRECONDITION_FAILED") => ({
      issued: [],
      failures: [{ customerId: "c-1", code, rule, message: "why" }],
    });
    expect(refusal(() => issuedTo("c-1", failure(null, "NOT_FOUND")))).toMatchObject({ code: "NOT_FOUND" });
    expect(refusal(() => issuedTo("c-1", failure("not-a-new-customer", "PRECONDITION_FAILED")))).toMatchObject({
      code: "PRECONDITION_FAILED",
      rule: "not-a-new-customer",
    });
  });
});
