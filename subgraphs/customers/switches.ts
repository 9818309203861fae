import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { recordDecision } from "./approvals.js";
import { pendingDissociation } from "./dissociationRequests.js";
import { ApprovalKind, type ApprovalStatus, type DecidedBy } from "./entities/approvalResult.js";
import { Association, type AssociationType } from "./entities/association.js";
import { AssociationSwitchRequest, SwitchRequestStatus } from "./entities/associationSwitchRequest.js";
import type { Customer } from "./entities/customer.js";
import { assertThreeMonthRule, refuse, SWITCH_REQUEST_LIFETIME_MS } from "./rules.js";

/**
 * Switching a customer's association type (docs/domain.md): the partner asks, the customer
 * approves or rejects within 7 days. The rules are plain functions of facts; the functions
 * taking a transaction gather the facts and write.
 */

/** What decides whether a switch may be requested. */
export interface SwitchFacts {
  currentType: AssociationType;
  /** When a pending dissociation of the association takes effect; null when none is pending. */
  dissociationEffectiveAt: string | null;
  /** Whether a switch request of the association already waits for the customer. */
  switchPending: boolean;
}

/** Not to the type it has; not while a dissociation is pending; one pending switch at a time. */
export function assertMaySwitch(targetType: AssociationType, facts: SwitchFacts): void {
  if (facts.currentType === targetType)
    throw refuse("same-association-type", `The customer is already associated as ${targetType}.`);
  if (facts.dissociationEffectiveAt)
    throw refuse(
      "dissociation-pending",
      `A dissociation request for this customer takes effect on ${facts.dissociationEffectiveAt}; no switch can be requested while it is pending.`,
    );
  if (facts.switchPending)
    throw refuse(
      "switch-pending",
      "A switch request for this customer is already waiting for its decision; cancel it first.",
    );
}

/** A request can be decided while it is pending and not past its 7 days. */
export function assertSwitchOpen(request: Pick<AssociationSwitchRequest, "status" | "expiresAt">, now: string): void {
  if (request.status === SwitchRequestStatus.PENDING && request.expiresAt <= now)
    throw refuse("request-expired", `The request expired on ${request.expiresAt}; make a new one.`);
  if (request.status !== SwitchRequestStatus.PENDING)
    throw refuse("request-decided", `The request is already ${request.status}.`);
}

export async function switchFacts(tx: EntityManager, customer: Customer): Promise<SwitchFacts> {
  const associationId = customer.association.id;
  return {
    currentType: customer.association.associationType,
    dissociationEffectiveAt: (await pendingDissociation(tx, associationId))?.effectiveAt ?? null,
    switchPending: await tx
      .getRepository(AssociationSwitchRequest)
      .existsBy({ associationId, status: SwitchRequestStatus.PENDING }),
  };
}

/** Every rule of a new switch request; run before the verification code is used, and again in the write. */
export async function assertSwitchAllowed(
  tx: EntityManager,
  customer: Customer,
  targetType: AssociationType,
): Promise<void> {
  assertMaySwitch(targetType, await switchFacts(tx, customer));
  await assertThreeMonthRule(tx, customer.id);
}

export interface SwitchAsk {
  targetType: AssociationType;
  reason: string;
  /** The token subject that asks. */
  subject: string;
}

/** Files a switch request in the caller's transaction, after checking the rules again there. */
export async function fileSwitch(
  tx: EntityManager,
  customer: Customer,
  ask: SwitchAsk,
  now = Date.now(),
): Promise<AssociationSwitchRequest> {
  await assertSwitchAllowed(tx, customer, ask.targetType);
  return tx.getRepository(AssociationSwitchRequest).save({
    id: randomUUID(),
    customerId: customer.id,
    partnerId: customer.association.partnerId,
    associationId: customer.association.id,
    fromType: customer.association.associationType,
    targetType: ask.targetType,
    reason: ask.reason,
    status: SwitchRequestStatus.PENDING,
    requestedBy: ask.subject,
    requestedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + SWITCH_REQUEST_LIFETIME_MS).toISOString(),
    decidedAt: null,
    comment: null,
  });
}

/**
 * A decision in the caller's transaction: the request's state (only if nobody decided it
 * meanwhile), the association type on approval (the 3-month rule again), and the outbox entry.
 */
export async function decideSwitch(
  tx: EntityManager,
  request: AssociationSwitchRequest,
  decision: { status: SwitchRequestStatus; by: DecidedBy; comment: string | null },
  now = new Date().toISOString(),
): Promise<AssociationSwitchRequest> {
  const { status, by, comment } = decision;
  const changed = await tx
    .getRepository(AssociationSwitchRequest)
    .update({ id: request.id, status: SwitchRequestStatus.PENDING }, { status, decidedAt: now, comment });
  if (!changed.affected) throw refuse("request-decided", "The request was decided meanwhile.");
  const association = await tx.getRepository(Association).findOneByOrFail({ id: request.associationId });
  if (status === SwitchRequestStatus.APPROVED) {
    await assertThreeMonthRule(tx, request.customerId, now);
    await tx.getRepository(Association).update({ id: association.id }, { associationType: request.targetType });
  }
  await recordDecision(tx, {
    partnerId: request.partnerId,
    customerId: request.customerId,
    managerId: association.managerId,
    kind: ApprovalKind.ASSOCIATION_TYPE_SWITCH,
    status: status as unknown as ApprovalStatus,
    requestId: request.id,
    decidedBy: by,
    comment,
    decidedAt: now,
  });
  return Object.assign(request, { status, decidedAt: now, comment });
}
