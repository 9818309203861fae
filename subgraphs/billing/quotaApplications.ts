import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { badUserInput, notFound } from "../../common/errors.js";
import { monthsAfter } from "../common/calendar.js";
import { parseAmount } from "../common/money.js";
import { QuotaApplicationStatus, VoucherQuotaApplication } from "./entities/voucherQuotaApplication.js";
import { QuotaStatus, type QuotaType, VoucherQuota } from "./entities/voucherQuota.js";
import { refuse } from "./rules.js";

/**
 * Applying for voucher quotas (docs/domain.md, Vouchers): a partner applies, a platform
 * reviewer decides, and an approval grants the quota. Plain functions of the application, so
 * the rules read and test without GraphQL or a database; `fileApplication` and
 * `decideApplication` write in the caller's transaction.
 */

/** What a partner may ask for at once: up to a million yuan, valid 1 to 24 months. */
export const MAX_APPLICATION_FEN = 100_000_000n;
export const MAX_VALIDITY_MONTHS = 24;
/** Where a quota's vouchers may be used when the application names no service type. */
export const DEFAULT_SCOPE = ["ECS", "EVS", "OBS", "RDS", "CDN"];

export interface QuotaRequest {
  amountFen: bigint;
  validityMonths: number;
  serviceTypes: string[];
  reason: string;
}

export function checkQuotaRequest(input: {
  amount: string;
  validity: number;
  serviceTypes?: string[] | null;
  reason: string;
}): QuotaRequest {
  const amountFen = parseAmount("input.amount", input.amount);
  if (amountFen > MAX_APPLICATION_FEN)
    throw badUserInput("input.amount", "input.amount may be at most 1000000.00 per application.");
  if (!Number.isInteger(input.validity) || input.validity < 1 || input.validity > MAX_VALIDITY_MONTHS)
    throw badUserInput("input.validity", `input.validity must be 1 to ${MAX_VALIDITY_MONTHS} months.`);
  const serviceTypes = [...new Set(input.serviceTypes ?? DEFAULT_SCOPE)];
  if (serviceTypes.length < 1 || serviceTypes.length > 10 || serviceTypes.some((s) => !/^[A-Z]{2,10}$/.test(s)))
    throw badUserInput("input.serviceTypes", "input.serviceTypes must be 1 to 10 service codes such as ECS or RDS.");
  const reason = input.reason.trim();
  if (!reason || reason.length > 500) throw badUserInput("input.reason", "input.reason must be 1 to 500 characters.");
  return { amountFen, validityMonths: input.validity, serviceTypes, reason };
}

/** One application of a type under review at a time: the platform decides it before the next. */
export function assertNoneUnderReview(underReview: Pick<VoucherQuotaApplication, "appliedAt">[]): void {
  if (underReview.length)
    throw refuse(
      "review-in-progress",
      `An application of this type filed on ${underReview[0]!.appliedAt.slice(0, 10)} is still under review; wait for its decision.`,
    );
}

export function assertUnderReview(application: Pick<VoucherQuotaApplication, "status">): void {
  if (application.status !== QuotaApplicationStatus.UNDER_REVIEW)
    throw refuse("not-under-review", `This application is already ${application.status}.`);
}

/** The quota an approval grants: the amount applied for, usable from the approval for its months. */
export function quotaGranted(application: VoucherQuotaApplication, id: string, now: string): VoucherQuota {
  return Object.assign(new VoucherQuota(), {
    id,
    partnerId: application.partnerId,
    type: application.type,
    valueFen: application.amountFen,
    balanceFen: application.amountFen,
    serviceTypeList: application.serviceTypeList,
    effectiveAt: now,
    expiresAt: monthsAfter(now, application.validityMonths),
    status: QuotaStatus.NORMAL,
  });
}

/** A reviewer's comment for the partner: trimmed, at most 500 characters, none when blank. */
export const reviewComment = (comment: string | null | undefined): string | null =>
  comment?.trim().slice(0, 500) || null;

/** What a decision writes on the application: its status, when, the comment, and the quota granted. */
export function decisionOf(
  approve: boolean,
  quota: Pick<VoucherQuota, "id"> | null,
  comment: string | null,
  now: string,
) {
  return {
    status: approve ? QuotaApplicationStatus.APPROVED : QuotaApplicationStatus.REJECTED,
    reviewedAt: now,
    comment,
    quotaId: quota?.id ?? null,
  };
}

/** An application filed under review: after the last of its type was decided. */
export async function fileApplication(
  tx: EntityManager,
  partnerId: string,
  appliedBy: string,
  type: QuotaType,
  request: QuotaRequest,
): Promise<VoucherQuotaApplication> {
  assertNoneUnderReview(
    await tx.getRepository(VoucherQuotaApplication).find({
      where: { partnerId, type, status: QuotaApplicationStatus.UNDER_REVIEW },
      take: 1,
    }),
  );
  const application = tx.getRepository(VoucherQuotaApplication).create({
    id: randomUUID(),
    partnerId,
    type,
    amountFen: request.amountFen,
    validityMonths: request.validityMonths,
    serviceTypeList: request.serviceTypes.join(","),
    reason: request.reason,
    appliedBy,
    appliedAt: new Date().toISOString(),
    status: QuotaApplicationStatus.UNDER_REVIEW,
    reviewedAt: null,
    comment: null,
    quotaId: null,
    announcedAt: null,
  });
  await tx.getRepository(VoucherQuotaApplication).insert(application);
  return application;
}

/** A reviewer decides an application under review, once; an approval grants its quota in the same transaction. */
export async function decideApplication(
  tx: EntityManager,
  applicationId: string,
  approve: boolean,
  comment: string | null,
): Promise<VoucherQuotaApplication> {
  const application = await tx.getRepository(VoucherQuotaApplication).findOneBy({ id: applicationId });
  if (!application) throw notFound("voucher quota application", applicationId);
  assertUnderReview(application);
  const now = new Date().toISOString();
  const quota = approve ? quotaGranted(application, randomUUID(), now) : null;
  const decided = await tx
    .getRepository(VoucherQuotaApplication)
    .update(
      { id: application.id, status: QuotaApplicationStatus.UNDER_REVIEW },
      decisionOf(approve, quota, comment, now),
    );
  if (!decided.affected) throw refuse("not-under-review", "Another reviewer decided this application meanwhile.");
  if (quota) await tx.getRepository(VoucherQuota).insert(quota);
  return tx.getRepository(VoucherQuotaApplication).findOneByOrFail({ id: application.id });
}
