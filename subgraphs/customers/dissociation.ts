import type { EntityManager } from "typeorm";
import { IsNull } from "typeorm";
import { recordDecision } from "./approvals.js";
import { ApprovalKind, ApprovalStatus, DecidedBy, type ApprovalResult } from "./entities/approvalResult.js";
import { Association, AssociationType } from "./entities/association.js";
import { AssociationSwitchRequest, SwitchRequestStatus } from "./entities/associationSwitchRequest.js";
import type { Customer } from "./entities/customer.js";
import { ManagerAssignment } from "./entities/managerAssignment.js";
import { assertThreeMonthRule, refuse } from "./rules.js";

/** Blockers a customer's own account facts raise (API_NOTES.md, Association rules). */
export function assertAccountAllowsDissociation(customer: Customer, now = new Date().toISOString()): void {
  if (customer.frozen)
    throw refuse("customer-frozen", "The customer's account is frozen; it cannot be dissociated until it is unfrozen.");
  if (customer.reservedInstancesUntil && customer.reservedInstancesUntil > now) {
    throw refuse(
      "reserved-instances",
      `The customer holds reserved instances until ${customer.reservedInstancesUntil.slice(0, 10)}; it cannot be dissociated before.`,
    );
  }
  if (customer.enterpriseMembers > 0) {
    throw refuse(
      "enterprise-members",
      `The customer still has ${customer.enterpriseMembers} enterprise member account(s); dissociate them first.`,
    );
  }
}

export const needsArrearsCheck = (customer: Customer) =>
  customer.association.associationType === AssociationType.RESALE;

/**
 * Ends a customer's association with a partner, in the caller's transaction (the one that
 * carries out a dissociation request): the association and the manager assignment end, pending
 * switch requests are cancelled, and the decision goes into the outbox, from which billing
 * returns allocated funds and reclaims vouchers.
 */
export async function endAssociation(
  tx: EntityManager,
  customer: Customer,
  request: { id: string; decidedBy: DecidedBy; reason: string },
  now: string,
): Promise<ApprovalResult> {
  const association = customer.association;
  await assertThreeMonthRule(tx, customer.id, now);
  const ended = await tx.getRepository(Association).update({ id: association.id, endedAt: IsNull() }, { endedAt: now });
  if (!ended.affected) throw refuse("already-dissociated", "The customer is no longer associated with this partner.");
  association.endedAt = now;
  await tx
    .getRepository(ManagerAssignment)
    .update({ customerId: customer.id, partnerId: association.partnerId, endedAt: IsNull() }, { endedAt: now });
  const pending = await tx
    .getRepository(AssociationSwitchRequest)
    .findBy({ associationId: association.id, status: SwitchRequestStatus.PENDING });
  for (const request of pending) {
    await tx
      .getRepository(AssociationSwitchRequest)
      .update(
        { id: request.id },
        { status: SwitchRequestStatus.CANCELLED, decidedAt: now, comment: "The association ended." },
      );
    await recordDecision(tx, {
      partnerId: association.partnerId,
      customerId: customer.id,
      managerId: association.managerId,
      kind: ApprovalKind.ASSOCIATION_TYPE_SWITCH,
      status: ApprovalStatus.CANCELLED,
      requestId: request.id,
      decidedBy: DecidedBy.SYSTEM,
      comment: "The association ended.",
      decidedAt: now,
    });
  }
  return recordDecision(tx, {
    partnerId: association.partnerId,
    customerId: customer.id,
    managerId: association.managerId,
    kind: ApprovalKind.DISSOCIATION,
    status: ApprovalStatus.APPROVED,
    requestId: request.id,
    decidedBy: request.decidedBy,
    comment: request.reason,
    decidedAt: now,
  });
}
