import type { TokenRequest } from "../../gateway/devTokens.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { monthsAfter } from "../../subgraphs/common/calendar.js";
import { customersOf, partners } from "../helpers/demo.js";
import { post, startGraph, type TestGraph } from "../helpers/graph.js";
import { settle, subscribe } from "../helpers/subscriber.js";
import { eventually } from "../helpers/wait.js";
import { gatewayTokenSecret, signServiceToken } from "../../common/gatewayToken.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const [a, b] = partners as [(typeof partners)[0], (typeof partners)[0]];
const adminA = { role: "admin", partner: a.id };
const platform = { role: "platform" };
const APPLY = `mutation($input: VoucherQuotaApplicationInput!) { applyForVoucherQuota(input: $input) { id type status amount { amount } validityMonths serviceTypes reason partner { id } quota { id } } }`;
const REVIEW = `mutation($input: VoucherQuotaReviewInput!) { reviewVoucherQuotaApplication(input: $input) { id status comment reviewedAt validityMonths quota { id type value { amount } balance { amount } serviceTypes effectiveAt expiresAt status } } }`;
const PENDING = `{ pendingVoucherQuotaApplications { id status partner { id } amount { amount } } }`;

const apply = (input: Record<string, unknown>, as: TokenRequest = adminA) =>
  graph.query(APPLY, { as, variables: { input } });
const review = (input: Record<string, unknown>, as: TokenRequest = platform) =>
  graph.query(REVIEW, { as, variables: { input } });

const FEED = `{ approvalResults(first: 100, kinds: [VOUCHER_QUOTA_APPLICATION]) { edges { node { kind status decidedBy requestId comment customer { id } } } } }`;
const feedOf = async (as: TokenRequest) =>
  (await graph.query(FEED, { as })).data!.approvalResults.edges.map((e: { node: unknown }) => e.node);

describe("applying for voucher quotas", () => {
  it("grants the quota a platform reviewer approves, usable at once", async () => {
    const { data, errors } = await apply({
      type: "CASH_COUPON",
      amount: "80000.50",
      validity: 6,
      serviceTypes: ["ECS", "RDS"],
      reason: "Coupons for the spring campaign",
    });
    expect(errors).toBeUndefined();
    const application = data!.applyForVoucherQuota;
    expect(application).toMatchObject({
      type: "CASH_COUPON",
      status: "UNDER_REVIEW",
      amount: { amount: "80000.50" },
      validityMonths: 6,
      serviceTypes: ["ECS", "RDS"],
      partner: { id: a.id },
      quota: null,
    });
    const pending = (await graph.query(PENDING, { as: platform })).data!.pendingVoucherQuotaApplications;
    expect(pending).toContainEqual({
      id: application.id,
      status: "UNDER_REVIEW",
      partner: { id: a.id },
      amount: { amount: "80000.50" },
    });
    // The seed's queue: one application under review per partner, oldest first.
    expect(pending.map((p: { partner: { id: string } }) => p.partner.id)).toContain(b.id);

    const approved = await review({ applicationId: application.id, approve: true, comment: "Granted" });
    expect(approved.errors).toBeUndefined();
    const decided = approved.data!.reviewVoucherQuotaApplication;
    expect(decided).toMatchObject({
      status: "APPROVED",
      comment: "Granted",
      quota: {
        type: "CASH_COUPON",
        value: { amount: "80000.50" },
        balance: { amount: "80000.50" },
        serviceTypes: ["ECS", "RDS"],
        status: "NORMAL",
        effectiveAt: decided.reviewedAt,
        expiresAt: monthsAfter(decided.reviewedAt, 6),
      },
    });
    const quotas = (await graph.query(`{ voucherQuotas { id balance { amount } } }`, { as: adminA })).data!
      .voucherQuotas;
    expect(quotas).toContainEqual({ id: decided.quota.id, balance: { amount: "80000.50" } });
    // The partner issues from it at once.
    const customer = customersOf(a)[0]!;
    const issued = await graph.query(
      `mutation($input: IssueVouchersInput!) { issueVouchers(input: $input) { issued { id } failures { code rule } } }`,
      {
        as: adminA,
        variables: {
          input: {
            quotaId: decided.quota.id,
            customerIds: [customer.id],
            faceValue: "0.50",
            purchaseScope: ["RDS"],
            validUntil: monthsAfter(decided.reviewedAt, 1),
            idempotencyKey: "granted-quota",
          },
        },
      },
    );
    expect(issued.data!.issueVouchers).toMatchObject({ issued: [{ id: expect.any(String) }], failures: [] });
    const after = (await graph.query(`{ voucherQuotas { id balance { amount } } }`, { as: adminA })).data!
      .voucherQuotas;
    expect(after).toContainEqual({ id: decided.quota.id, balance: { amount: "80000.00" } });

    const twice = await review({ applicationId: application.id, approve: false });
    expect(twice.errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "not-under-review" });
    expect((await graph.query(PENDING, { as: platform })).data!.pendingVoucherQuotaApplications).not.toContainEqual(
      expect.objectContaining({ id: application.id }),
    );
    const listed = await graph.query(`{ voucherQuotaApplications { id status quota { id } } }`, {
      as: { role: "analyst", partner: a.id },
    });
    expect(listed.data!.voucherQuotaApplications[0]).toEqual({
      id: application.id,
      status: "APPROVED",
      quota: { id: decided.quota.id },
    });
  });

  it("rejects with a comment and grants nothing; one application of a type under review at a time", async () => {
    // The seed left partner B a voucher application under review.
    const second = await apply(
      { type: "VOUCHER", amount: "1000.00", validity: 12, reason: "More" },
      { role: "admin", partner: b.id },
    );
    expect(second.errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "review-in-progress" });
    const before = (await graph.query(`{ voucherQuotas { id } }`, { as: { role: "admin", partner: b.id } })).data!
      .voucherQuotas.length;
    const queued = (await graph.query(PENDING, { as: platform })).data!.pendingVoucherQuotaApplications.find(
      (p: { partner: { id: string } }) => p.partner.id === b.id,
    );
    const rejected = await review({ applicationId: queued.id, approve: false, comment: "Too much for now" });
    expect(rejected.data!.reviewVoucherQuotaApplication).toMatchObject({
      status: "REJECTED",
      comment: "Too much for now",
      quota: null,
    });
    expect(
      (await graph.query(`{ voucherQuotas { id } }`, { as: { role: "admin", partner: b.id } })).data!.voucherQuotas,
    ).toHaveLength(before);
    // Decided, the type is free again.
    const again = await apply(
      { type: "VOUCHER", amount: "1000.00", validity: 12, reason: "Less this time" },
      { role: "admin", partner: b.id },
    );
    expect(again.data!.applyForVoucherQuota.status).toBe("UNDER_REVIEW");
  });

  it("puts each decision on the partner's approval feed once, live and in the history", async () => {
    const { data } = await apply({ type: "CASH_COUPON", amount: "10.00", validity: 1, reason: "Feed" });
    const id = data!.applyForVoucherQuota.id;
    const subscriber = subscribe(
      graph.webSocketUrl,
      await graph.token(adminA),
      `subscription { approvalResults(kinds: [VOUCHER_QUOTA_APPLICATION]) { kind status decidedBy requestId customer { id } } }`,
    );
    try {
      await settle();
      await review({ applicationId: id, approve: false, comment: "Not now" });
      const [event] = await subscriber.received(1);
      expect(event!.data.approvalResults).toEqual({
        kind: "VOUCHER_QUOTA_APPLICATION",
        status: "REJECTED",
        decidedBy: "PLATFORM",
        requestId: id,
        customer: null,
      });
    } finally {
      await subscriber.close();
    }
    const expected = {
      kind: "VOUCHER_QUOTA_APPLICATION",
      status: "REJECTED",
      decidedBy: "PLATFORM",
      requestId: id,
      comment: "Not now",
      customer: null,
    };
    expect(await feedOf({ role: "analyst", partner: a.id })).toContainEqual(expected);
    // Sent again (as after a lost answer), it is still one result.
    const customersUrl = graph.subgraphs.customers.graphqlUrl;
    const token = await signServiceToken("billing", gatewayTokenSecret());
    for (let i = 0; i < 2; i++) {
      const again = await post(
        customersUrl,
        {
          query: `mutation { recordQuotaDecision(applicationId: "${id}", partnerId: "${a.id}", approved: false, comment: "Not now", decidedAt: "2026-01-01T00:00:00.000Z") }`,
        },
        { authorization: `Bearer ${token}` },
      );
      expect(again.errors).toBeUndefined();
    }
    const mine = (await feedOf(adminA)).filter((r: { requestId: string }) => r.requestId === id);
    expect(mine).toEqual([expected]);
    // About the partner, not a customer: no manager's, no other partner's feed shows it.
    const manager = { role: "manager", partner: a.id, staff: a.staff.find((s) => s.role === "manager")!.id };
    expect(await feedOf(manager)).toEqual([]);
    expect(await feedOf({ role: "admin", partner: b.id })).not.toContainEqual(
      expect.objectContaining({ requestId: id }),
    );
    // The approval of the first test went on the feed too.
    await eventually(
      async () => (await feedOf(adminA)).some((r: { status: string }) => r.status === "APPROVED") || undefined,
    );
  });

  it("refuses bad input, unknown applications, and every role but the admin's and the reviewer's", async () => {
    for (const [input, argument] of [
      [{ amount: "0" }, "input.amount"],
      [{ amount: "1.001" }, "input.amount"],
      [{ amount: "1000000.01" }, "input.amount"],
      [{ validity: 0 }, "input.validity"],
      [{ validity: 25 }, "input.validity"],
      [{ reason: "  " }, "input.reason"],
      [{ serviceTypes: ["ecs"] }, "input.serviceTypes"],
      [{ serviceTypes: [] }, "input.serviceTypes"],
    ] as [Record<string, unknown>, string][]) {
      const bad = await apply({ type: "CASH_COUPON", amount: "10.00", validity: 3, reason: "x", ...input });
      expect(bad.errors![0]!.extensions, JSON.stringify(input)).toMatchObject({ code: "BAD_USER_INPUT", argument });
    }
    const unknown = await review({ applicationId: "no-such-application", approve: true });
    expect(unknown.errors![0]!.extensions!.code).toBe("NOT_FOUND");
    const input = { type: "CASH_COUPON", amount: "10.00", validity: 3, reason: "x" };
    for (const role of ["supervisor", "manager", "analyst"])
      expect((await apply(input, { role, partner: a.id })).errors![0]!.extensions!.code).toBe("FORBIDDEN");
    expect((await apply(input, platform)).errors![0]!.extensions!.code).toBe("FORBIDDEN");
    expect((await review({ applicationId: "x", approve: true }, adminA)).errors![0]!.extensions!.code).toBe(
      "FORBIDDEN",
    );
    expect((await graph.query(PENDING, { as: adminA })).errors![0]!.extensions!.code).toBe("FORBIDDEN");
    // The reviewer sees the queue, not the partners' quotas or their application history.
    for (const query of [`{ voucherQuotas { id } }`, `{ voucherQuotaApplications { id } }`])
      expect((await graph.query(query, { as: platform })).errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });
});
