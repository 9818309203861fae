import { GraphQLError } from "graphql";
import { randomUUID } from "node:crypto";
import { LessThanOrEqual, MoreThan, type DataSource, type EntityManager } from "typeorm";
import { recordDecision } from "./approvals.js";
import { assertAccountAllowsDissociation, endAssociation } from "./dissociation.js";
import { ApprovalKind, ApprovalStatus, DecidedBy } from "./entities/approvalResult.js";
import { Association } from "./entities/association.js";
import { AssociationSwitchRequest, SwitchRequestStatus } from "./entities/associationSwitchRequest.js";
import { Customer } from "./entities/customer.js";
import { DissociationRequest, DissociationRequestStatus, DissociationSide } from "./entities/dissociationRequest.js";
import { assertThreeMonthRule, DISSOCIATION_WAITING_MS, refuse } from "./rules.js";

/**
 * Dissociation by request (docs/domain.md, Dissociation). Either side files a request; it
 * takes effect by itself when the waiting period ends (the expiry sweeper carries it out), and
 * until then the association stands and the side that filed it may withdraw it. The rules are
 * plain functions of facts; the functions taking a transaction gather facts and write.
 */

/**
 * What a pending request leaves possible, as the schema's descriptions say it (and
 * `assertMayFile` and the switch rules enforce it).
 */
export const WHILE_PENDING =
  "Until it takes effect the association stands: the partner keeps seeing and serving the customer (consumption, manager assignment, funds, vouchers) but cannot request an association-type switch or file a second dissociation; the side that filed it may withdraw it (cancelDissociationRequest).";

/** What decides whether a new dissociation request may be filed for an association. */
export interface FilingFacts {
  /** The association's pending dissociation request, by either side, if any. */
  pending: Pick<DissociationRequest, "filedBy" | "effectiveAt"> | null;
  /** Whether a switch request of the association waits for the customer's decision. */
  switchPending: boolean;
}

/** One pending dissociation per association; a pending switch is decided (or withdrawn) first. */
export function assertMayFile(side: DissociationSide, facts: FilingFacts): void {
  if (facts.pending) {
    const by = facts.pending.filedBy === side ? "You" : `The ${facts.pending.filedBy.toLowerCase()}`;
    throw refuse(
      "dissociation-pending",
      `${by} already filed a dissociation request; it takes effect on ${facts.pending.effectiveAt}.`,
    );
  }
  if (facts.switchPending) {
    throw refuse(
      "switch-pending",
      side === DissociationSide.PARTNER
        ? "An association-type switch request for this customer is waiting for its decision: cancel it (cancelAssociationTypeSwitch) before filing a dissociation."
        : "Your partner's association-type switch request is waiting for your decision: approve or reject it (respondToAssociationSwitch) before filing a dissociation.",
    );
  }
}

/** Only the side that filed a request may withdraw it, and only while it is pending. */
export function assertMayWithdraw(request: Pick<DissociationRequest, "filedBy" | "status">, side: DissociationSide) {
  if (request.filedBy !== side)
    throw refuse(
      "filed-by-other-side",
      side === DissociationSide.PARTNER
        ? "The customer filed this request; only the customer can withdraw it."
        : "Your partner filed this request; only the partner can withdraw it.",
    );
  if (request.status !== DissociationRequestStatus.PENDING)
    throw refuse("request-decided", `The request is already ${request.status}.`);
}

/** When a request filed at `now` (ms) takes effect. */
export const effectiveAtOf = (now: number) => new Date(now + DISSOCIATION_WAITING_MS).toISOString();

const decidedByOf = (side: DissociationSide) =>
  side === DissociationSide.PARTNER ? DecidedBy.PARTNER : DecidedBy.CUSTOMER;

/** The association's pending dissociation request, if any. */
export function pendingDissociation(tx: EntityManager, associationId: string): Promise<DissociationRequest | null> {
  return tx.getRepository(DissociationRequest).findOneBy({ associationId, status: DissociationRequestStatus.PENDING });
}

export async function filingFacts(tx: EntityManager, associationId: string, now: string): Promise<FilingFacts> {
  const switchPending = await tx.getRepository(AssociationSwitchRequest).existsBy({
    associationId,
    status: SwitchRequestStatus.PENDING,
    expiresAt: MoreThan(now),
  });
  return { pending: await pendingDissociation(tx, associationId), switchPending };
}

/** Every rule of filing that this subgraph's own data decides; run before and inside the write. */
export async function assertDissociationAllowed(
  tx: EntityManager,
  customer: Customer,
  side: DissociationSide,
  now: string,
): Promise<void> {
  assertAccountAllowsDissociation(customer, now);
  await assertThreeMonthRule(tx, customer.id, now);
  assertMayFile(side, await filingFacts(tx, customer.association.id, now));
}

export interface Filing {
  side: DissociationSide;
  /** The token subject that files it. */
  subject: string;
  reason: string;
}

/** Files a request in the caller's transaction, after checking the rules again there. */
export async function fileDissociation(
  tx: EntityManager,
  customer: Customer,
  filing: Filing,
  now = Date.now(),
): Promise<DissociationRequest> {
  const at = new Date(now).toISOString();
  await assertDissociationAllowed(tx, customer, filing.side, at);
  const request = tx.getRepository(DissociationRequest).create({
    id: randomUUID(),
    partnerId: customer.association.partnerId,
    customerId: customer.id,
    associationId: customer.association.id,
    filedBy: filing.side,
    requestedBy: filing.subject,
    reason: filing.reason,
    status: DissociationRequestStatus.PENDING,
    requestedAt: at,
    effectiveAt: effectiveAtOf(now),
    decidedAt: null,
    comment: null,
  });
  try {
    await tx.getRepository(DissociationRequest).insert(request);
  } catch (error) {
    // Two filings raced past the check (PostgreSQL): the one-pending index stopped the second.
    if (isUniqueViolation(error)) throw refuse("dissociation-pending", "A dissociation request was filed meanwhile.");
    throw error;
  }
  return request;
}

const isUniqueViolation = (error: unknown) =>
  ["23505", "SQLITE_CONSTRAINT_UNIQUE"].includes(String((error as { code?: unknown }).code));

/** Moves a pending request to `status`, only if nobody decided it meanwhile. */
async function settle(
  tx: EntityManager,
  request: DissociationRequest,
  status: DissociationRequestStatus,
  comment: string | null,
  now: string,
): Promise<boolean> {
  const changed = await tx
    .getRepository(DissociationRequest)
    .update({ id: request.id, status: DissociationRequestStatus.PENDING }, { status, decidedAt: now, comment });
  if (changed.affected) Object.assign(request, { status, decidedAt: now, comment });
  return Boolean(changed.affected);
}

/** A request's end on the approval feed (its taking effect is written by `endAssociation`). */
function recordOutcome(
  tx: EntityManager,
  request: DissociationRequest,
  outcome: { status: ApprovalStatus; decidedBy: DecidedBy },
  at: { managerId: string | null; comment: string | null; now: string },
) {
  return recordDecision(tx, {
    partnerId: request.partnerId,
    customerId: request.customerId,
    managerId: at.managerId,
    kind: ApprovalKind.DISSOCIATION,
    ...outcome,
    requestId: request.id,
    comment: at.comment,
    decidedAt: at.now,
  });
}

/** The filing side withdraws its request: the request is CANCELLED, and so is its approval result. */
export async function withdrawDissociation(
  tx: EntityManager,
  request: DissociationRequest,
  comment: string | null,
  now = new Date().toISOString(),
): Promise<DissociationRequest> {
  if (!(await settle(tx, request, DissociationRequestStatus.CANCELLED, comment, now)))
    throw refuse("request-decided", "The request was decided meanwhile.");
  const managerId = (await tx.getRepository(Association).findOneBy({ id: request.associationId }))?.managerId;
  await recordOutcome(
    tx,
    request,
    { status: ApprovalStatus.CANCELLED, decidedBy: decidedByOf(request.filedBy) },
    {
      managerId: managerId ?? null,
      comment,
      now,
    },
  );
  return request;
}

const isRefusal = (error: unknown): error is GraphQLError =>
  error instanceof GraphQLError && error.extensions.code === "PRECONDITION_FAILED";

/**
 * Carries out one due request in the caller's transaction. The account blockers and the 3-month
 * rule are checked again (facts may have changed during the waiting period): a blocker leaves
 * the association in place, the request BLOCKED, and a REJECTED result naming the rule.
 */
async function carryOut(tx: EntityManager, request: DissociationRequest, now: string): Promise<void> {
  const association = await tx.getRepository(Association).findOneBy({ id: request.associationId });
  const customer = await tx.getRepository(Customer).findOneBy({ id: request.customerId });
  if (!(await settle(tx, request, DissociationRequestStatus.EFFECTIVE, null, now))) return;
  try {
    if (!association || !customer || association.endedAt)
      throw refuse("already-dissociated", "The customer was no longer associated with the partner.");
    customer.association = association;
    assertAccountAllowsDissociation(customer, now);
    await endAssociation(tx, customer, { ...request, decidedBy: decidedByOf(request.filedBy) }, now);
  } catch (error) {
    if (!isRefusal(error)) throw error;
    const comment = `${String(error.extensions.rule)}: ${error.message}`.slice(0, 500);
    await tx
      .getRepository(DissociationRequest)
      .update({ id: request.id }, { status: DissociationRequestStatus.BLOCKED, comment });
    await recordOutcome(
      tx,
      request,
      { status: ApprovalStatus.REJECTED, decidedBy: DecidedBy.SYSTEM },
      {
        managerId: association?.managerId ?? null,
        comment,
        now,
      },
    );
  }
}

/** Carries out every request whose waiting period ended by `now`, one transaction each; returns how many. */
export async function carryOutDueDissociations(db: DataSource, now = new Date().toISOString()): Promise<number> {
  const due = await db
    .getRepository(DissociationRequest)
    .findBy({ status: DissociationRequestStatus.PENDING, effectiveAt: LessThanOrEqual(now) });
  for (const request of due) await db.transaction((tx) => carryOut(tx, request, now));
  return due.length;
}
