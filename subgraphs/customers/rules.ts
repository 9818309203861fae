import { In, type EntityManager } from "typeorm";
import type { GraphQLError } from "graphql";
import { badUserInput, preconditionFailed } from "../../common/errors.js";
import { ApprovalKind, ApprovalResult, ApprovalStatus } from "./entities/approvalResult.js";
import { monthsAfter } from "../common/calendar.js";

/**
 * Every rule of this subgraph that can refuse a request: the `extensions.rule` of its
 * PRECONDITION_FAILED errors, which clients branch on (docs/domain.md says what each means).
 */
export type CustomersRule =
  // the association itself
  | "already-associated"
  | "already-dissociated"
  | "three-month-rule"
  | "same-association-type"
  // dissociation blockers and requests
  | "customer-frozen"
  | "reserved-instances"
  | "enterprise-members"
  | "arrears"
  | "dissociation-pending"
  | "switch-pending"
  | "filed-by-other-side"
  // switch requests and invitations waiting for an answer
  | "request-decided"
  | "request-expired"
  | "invitation-decided"
  | "invitation-expired"
  | "invitation-pending"
  | "reported-by-another-partner"
  // verification codes (checked by partners)
  | "verification-code-required"
  | "verification-code-invalid"
  // staff work: assignment, reporting, opportunities
  | "already-assigned"
  | "not-in-your-team"
  | "already-reported"
  | "already-submitted"
  | "marketing-task-inactive";

/** A rule of this subgraph said no: PRECONDITION_FAILED with the rule's name. */
export const refuse = (rule: CustomersRule, message: string): GraphQLError => preconditionFailed(rule, message);

/** How long a switch request waits for the customer's decision. */
export const SWITCH_REQUEST_LIFETIME_MS = 7 * 86_400_000;
/**
 * The waiting period of a dissociation request, either side's: the association ends this long
 * after the request is filed, unless it is withdrawn first (docs/domain.md, Dissociation).
 */
export const DISSOCIATION_WAITING_MS = 7 * 86_400_000;
/** How long a customer report reserves a customer. */
export const REPORT_VALIDITY_MS = 90 * 86_400_000;

/**
 * At most one association-type switch or dissociation per customer every 3 months
 * (API_NOTES.md, Association rules): the last one carried out decides when the next may be.
 */
export async function assertThreeMonthRule(
  tx: EntityManager,
  customerId: string,
  now = new Date().toISOString(),
): Promise<void> {
  const last = await tx.getRepository(ApprovalResult).findOne({
    where: {
      customerId,
      status: ApprovalStatus.APPROVED,
      kind: In([ApprovalKind.ASSOCIATION_TYPE_SWITCH, ApprovalKind.DISSOCIATION]),
    },
    order: { decidedAt: "DESC" },
  });
  if (!last) return;
  const allowedFrom = monthsAfter(last.decidedAt, 3);
  if (allowedFrom > now) {
    const what = last.kind === ApprovalKind.DISSOCIATION ? "dissociation" : "association-type switch";
    throw refuse(
      "three-month-rule",
      `Only one switch or dissociation per customer every 3 months: the last ${what} was on ${last.decidedAt.slice(0, 10)}; try again from ${allowedFrom.slice(0, 10)}.`,
    );
  }
}

/** Account names: 5 to 32 letters, digits, `_` or `-`, not starting with a digit (API_NOTES.md). */
export function checkAccountName(argument: string, accountName: string): void {
  if (!/^[A-Za-z_-][A-Za-z0-9_-]{4,31}$/.test(accountName)) {
    throw badUserInput(
      argument,
      `${argument} must be 5 to 32 letters, digits, "_" or "-", not starting with a digit; got "${accountName}".`,
    );
  }
}

export function checkText(argument: string, value: string, max = 500): string {
  const text = value.trim();
  if (!text || text.length > max) throw badUserInput(argument, `${argument} must be 1 to ${max} characters.`);
  return text;
}
