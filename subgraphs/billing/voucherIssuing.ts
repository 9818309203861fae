import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { badUserInput, notFound } from "../../common/errors.js";
import { parseAmount } from "../common/money.js";
import type { CustomerFacts } from "./crossChecks.js";
import { Voucher, VoucherStatus } from "./entities/voucher.js";
import { VoucherOperation, VoucherOperationKind } from "./entities/voucherOperation.js";
import { QuotaStatus, QuotaType, VoucherQuota } from "./entities/voucherQuota.js";
import { refuse, type BillingRule } from "./rules.js";

/**
 * Issuing vouchers from the quotas the platform granted (docs/domain.md, vouchers). The rules
 * are plain functions of the request, the quota and the customer's facts; the functions taking
 * a transaction pick the quota and write.
 */

/** What the caller asks to issue, as given (the GraphQL input). */
export interface IssueInput {
  quotaId?: string | null;
  customerIds: string[];
  faceValue: string;
  purchaseScope: string[];
  validFrom?: string | null;
  validUntil: string;
  newCustomer: boolean;
  memo?: string | null;
}

/** An issue request once checked: the quota's own limits are checked against it later. */
export interface IssueRequest {
  quotaId: string | null;
  customerIds: string[];
  face: bigint;
  scope: string[];
  validFrom: string;
  validUntil: string;
  newCustomer: boolean;
  memo: string | null;
}

/** A customer not issued a voucher, and why. */
export interface IssueFailure {
  customerId: string;
  code: "NOT_FOUND" | "PRECONDITION_FAILED";
  rule: BillingRule | null;
  message: string;
}

export interface IssueOutcome {
  issued: Voucher[];
  failures: IssueFailure[];
}

/** 1 to 100 different customers, 1 to 10 service types, a validity ending in the future. */
export function checkIssueRequest(input: IssueInput, now = new Date().toISOString()): IssueRequest {
  if (
    input.customerIds.length < 1 ||
    input.customerIds.length > 100 ||
    new Set(input.customerIds).size !== input.customerIds.length
  ) {
    throw badUserInput("input.customerIds", "customerIds must list 1 to 100 different customers.");
  }
  const scope = [...new Set(input.purchaseScope.map((s) => s.trim().toUpperCase()))];
  if (scope.length < 1 || scope.length > 10 || scope.some((s) => !/^[A-Z0-9_]{2,20}$/.test(s))) {
    throw badUserInput("input.purchaseScope", "purchaseScope must name 1 to 10 service types such as ECS or RDS.");
  }
  const validFrom = input.validFrom ?? now;
  if (input.validUntil <= validFrom || input.validUntil <= now)
    throw badUserInput("input.validUntil", "validUntil must be in the future and after validFrom.");
  return {
    quotaId: input.quotaId ?? null,
    customerIds: input.customerIds,
    face: parseAmount("input.faceValue", input.faceValue),
    scope,
    validFrom,
    validUntil: input.validUntil,
    newCustomer: input.newCustomer,
    memo: input.memo?.slice(0, 200) ?? null,
  };
}

/** A quota named by the caller issues while usable, within its service types and validity. */
export function assertQuotaCovers(quota: VoucherQuota, request: IssueRequest, now = new Date().toISOString()): void {
  if (quota.status !== QuotaStatus.NORMAL || quota.expiresAt <= now)
    throw refuse(
      "quota-unusable",
      `The quota is ${quota.status === QuotaStatus.NORMAL ? "expired" : quota.status}; it cannot issue.`,
    );
  const outside = request.scope.filter((s) => !quota.serviceTypes.includes(s));
  if (outside.length)
    throw refuse(
      "voucher-scope-outside-quota",
      `The quota covers ${quota.serviceTypes.join(", ")}; not ${outside.join(", ")}.`,
    );
  if (request.validFrom < quota.effectiveAt || request.validUntil > quota.expiresAt) {
    throw refuse(
      "validity-outside-quota",
      `A voucher from this quota must be valid within ${quota.effectiveAt} and ${quota.expiresAt}.`,
    );
  }
}

/** Whether a quota, left to billing to choose, covers the scope, the validity and one voucher's value. */
export const quotaFits = (quota: VoucherQuota, request: IssueRequest): boolean =>
  request.scope.every((s) => quota.serviceTypes.includes(s)) &&
  request.validFrom >= quota.effectiveAt &&
  request.validUntil <= quota.expiresAt &&
  quota.balanceFen >= request.face;

/**
 * Why a customer cannot be issued this voucher, or null: a customer the caller may not see is
 * not found; new-customer vouchers go to customers the platform tags as new only.
 */
export function customerRefusal(
  customerId: string,
  customer: CustomerFacts | undefined,
  request: Pick<IssueRequest, "newCustomer">,
): IssueFailure | null {
  if (!customer)
    return {
      customerId,
      code: "NOT_FOUND",
      rule: null,
      message: `No customer with id "${customerId}" exists for you.`,
    };
  if (request.newCustomer && customer.newCustomerTag !== "YES")
    return {
      customerId,
      code: "PRECONDITION_FAILED",
      rule: "not-a-new-customer",
      message: "New-customer vouchers go to customers the platform tags as new only.",
    };
  return null;
}

/** The voucher issued to one customer, else why not as an error: NOT_FOUND or the rule that said no. */
export function issuedTo(customerId: string, outcome: IssueOutcome): Voucher {
  const refused = outcome.failures[0];
  if (refused)
    throw refused.code === "NOT_FOUND" ? notFound("customer", customerId) : refuse(refused.rule!, refused.message);
  return outcome.issued[0]!;
}

/** The quota to issue from: the one named, else the first usable one, soonest-expiring, that fits. */
export async function quotaFor(tx: EntityManager, partnerId: string, request: IssueRequest): Promise<VoucherQuota> {
  if (request.quotaId) {
    const quota = await tx.getRepository(VoucherQuota).findOneBy({ id: request.quotaId, partnerId });
    if (!quota) throw notFound("voucher quota", request.quotaId);
    assertQuotaCovers(quota, request);
    return quota;
  }
  const quotas = await tx
    .getRepository(VoucherQuota)
    .find({ where: { partnerId, status: QuotaStatus.NORMAL, type: QuotaType.VOUCHER }, order: { expiresAt: "ASC" } });
  const fits = quotas.find((q) => quotaFits(q, request));
  if (!fits)
    throw refuse(
      "no-suitable-quota",
      "No usable quota of your partner covers this scope, validity and value; name one with quotaId or ask the platform for a quota.",
    );
  return fits;
}

/** Issues one voucher per customer from the quota, each taking its value from the quota's balance. */
export async function issueVouchers(
  tx: EntityManager,
  partnerId: string,
  quota: VoucherQuota,
  request: IssueRequest,
  facts: Map<string, CustomerFacts>,
): Promise<IssueOutcome> {
  const result: IssueOutcome = { issued: [], failures: [] };
  const now = new Date().toISOString();
  for (const customerId of request.customerIds) {
    const refused = customerRefusal(customerId, facts.get(customerId), request);
    if (refused) {
      result.failures.push(refused);
      continue;
    }
    const taken = await tx
      .createQueryBuilder()
      .update(VoucherQuota)
      .set({ balanceFen: () => `balance - ${request.face.toString()}` })
      .where("id = :id AND balance >= :face", { id: quota.id, face: request.face })
      .execute();
    if (!taken.affected) {
      result.failures.push({
        customerId,
        code: "PRECONDITION_FAILED",
        rule: "quota-insufficient",
        message: "The quota's balance does not cover another voucher of this value.",
      });
      continue;
    }
    const voucher = tx.getRepository(Voucher).create({
      id: randomUUID(),
      partnerId,
      customerId,
      quotaId: quota.id,
      faceValueFen: request.face,
      balanceFen: request.face,
      scope: request.scope.join(","),
      newCustomer: request.newCustomer,
      status: VoucherStatus.USABLE,
      validFrom: request.validFrom,
      validUntil: request.validUntil,
      issuedAt: now,
      memo: request.memo,
    });
    await tx.getRepository(Voucher).insert(voucher);
    await tx.getRepository(VoucherOperation).insert({
      id: randomUUID(),
      voucherId: voucher.id,
      partnerId,
      kind: VoucherOperationKind.ISSUE,
      amountFen: request.face,
      createdAt: now,
    });
    result.issued.push(voucher);
  }
  return result;
}
