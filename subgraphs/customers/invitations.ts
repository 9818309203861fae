import { randomInt, randomUUID } from "node:crypto";
import { IsNull, type EntityManager } from "typeorm";
import { startAssignment } from "./assignment.js";
import { badUserInput } from "../../common/errors.js";
import { recordDecision } from "./approvals.js";
import { ApprovalKind, ApprovalResult, ApprovalStatus, DecidedBy } from "./entities/approvalResult.js";
import { Association, AssociationSource, type AssociationType } from "./entities/association.js";
import { Customer } from "./entities/customer.js";
import { Invitation, InvitationStatus } from "./entities/invitation.js";
import { monthsAfter } from "../common/calendar.js";
import { convertReports, reservingReports } from "./reporting.js";
import { checkAccountName, refuse } from "./rules.js";

/**
 * Inviting a customer (docs/domain.md, Inviting a customer). The rules are plain functions of
 * facts, so they read and test without a database; `inviteeFacts` gathers the facts and
 * `acceptInvitation` applies a decision in the caller's transaction.
 */

/** How long an invitation waits for the customer's answer: as long as a switch request. */
export const INVITATION_LIFETIME_MS = 7 * 86_400_000;

/** Whom an invitation addresses: an account name or an e-mail address, exactly one. */
export interface Invitee {
  accountName: string | null;
  email: string | null;
}

export function inviteeOf(input: { accountName?: string | null; email?: string | null }): Invitee {
  const accountName = input.accountName?.trim() || null;
  const email = input.email?.trim().toLowerCase() || null;
  if (!accountName === !email)
    throw badUserInput("input", "Invite by accountName or by email: give exactly one of them.");
  if (accountName) checkAccountName("input.accountName", accountName);
  if (email && !/^[^@\s]{1,64}@[^@\s]{1,100}$/.test(email))
    throw badUserInput("input.email", "email is not an e-mail address.");
  if (email && email.length > 100) throw badUserInput("input.email", "email must be at most 100 characters.");
  return { accountName, email };
}

/** What decides whether an account may join a partner. */
export interface InviteeFacts {
  /** The partner of the account's active association; null when it has none (or no account exists yet). */
  associatedWith: string | null;
  /** The account's reports still reserving it: by whom, until when. */
  reports: { partnerId: string; validUntil: string }[];
  /** When the account last ended an association with this partner itself (from its account center). */
  leftThisPartnerAt: string | null;
}

/**
 * One active association per customer; a customer another partner reported is reserved for
 * that partner; a customer that left this partner itself may be invited back only 3 months
 * later (the partner waits after a customer-initiated dissociation).
 */
export function assertMayJoin(partnerId: string, facts: InviteeFacts, now: string): void {
  if (facts.associatedWith === partnerId)
    throw refuse("already-associated", "This customer is already associated with your partner.");
  if (facts.associatedWith)
    throw refuse(
      "already-associated",
      "This customer is associated with a partner; it can accept an invitation only after it dissociates.",
    );
  const reservation = facts.reports.find((r) => r.partnerId !== partnerId && r.validUntil > now);
  if (reservation)
    throw refuse(
      "reported-by-another-partner",
      `Another partner reported this customer; it is reserved for them until ${reservation.validUntil.slice(0, 10)}.`,
    );
  if (facts.leftThisPartnerAt) {
    const allowedFrom = monthsAfter(facts.leftThisPartnerAt, 3);
    if (allowedFrom > now)
      throw refuse(
        "three-month-rule",
        `The customer left your partner on ${facts.leftThisPartnerAt.slice(0, 10)}; it may be invited again from ${allowedFrom.slice(0, 10)}.`,
      );
  }
}

/** An invitation can be answered while it is pending and not past its expiry. */
export function assertOpen(invitation: Pick<Invitation, "storedStatus" | "expiresAt">, now: string): void {
  if (invitation.storedStatus !== InvitationStatus.PENDING)
    throw refuse("invitation-decided", `The invitation is already ${invitation.storedStatus}.`);
  if (invitation.expiresAt <= now)
    throw refuse(
      "invitation-expired",
      `The invitation expired on ${invitation.expiresAt}; ask the partner for a new one.`,
    );
}

/** One open invitation of a partner per account. */
export function assertNoOpenInvitation(open: boolean): void {
  if (open)
    throw refuse("invitation-pending", "Your partner already invited this account and the invitation is still open.");
}

/** Who invites: the partner, the staff member's token subject, and the inviting manager (null for an admin). */
export interface Inviter {
  partnerId: string;
  subject: string;
  managerId: string | null;
}

/** Whether the partner has an open invitation to the account an invitee names. */
function hasOpenInvitation(tx: EntityManager, partnerId: string, invitee: Invitee, at: string): Promise<boolean> {
  return tx
    .getRepository(Invitation)
    .createQueryBuilder("invitation")
    .where("invitation.partner_id = :partnerId AND invitation.status = 'PENDING' AND invitation.expires_at > :at", {
      partnerId,
      at,
    })
    .andWhere(invitee.accountName ? "invitation.account_name = :name" : "invitation.email = :email", {
      name: invitee.accountName,
      email: invitee.email,
    })
    .getExists();
}

/** Invites, in the caller's transaction: the rules on the account's facts, then the invitation, open for 7 days. */
export async function createInvitation(
  tx: EntityManager,
  inviter: Inviter,
  invitee: Invitee,
  offer: { associationType: AssociationType; message: string | null },
  now = Date.now(),
): Promise<Invitation> {
  const at = new Date(now).toISOString();
  const account = await accountOf(tx, invitee);
  assertMayJoin(inviter.partnerId, await inviteeFacts(tx, inviter.partnerId, account, invitee.accountName, at), at);
  assertNoOpenInvitation(await hasOpenInvitation(tx, inviter.partnerId, invitee, at));
  const invitation = tx.getRepository(Invitation).create({
    id: randomUUID(),
    partnerId: inviter.partnerId,
    ...invitee,
    ...offer,
    code: invitationCode(),
    invitedBy: inviter.subject,
    managerId: inviter.managerId,
    invitedAt: at,
    expiresAt: new Date(now + INVITATION_LIFETIME_MS).toISOString(),
    storedStatus: InvitationStatus.PENDING,
    respondedAt: null,
    customerId: null,
  });
  await tx.getRepository(Invitation).insert(invitation);
  return invitation;
}

/** Eight characters, without the easily confused 0/O and 1/I. */
export function invitationCode(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return Array.from({ length: 8 }, () => alphabet[randomInt(alphabet.length)]).join("");
}

/** The existing account an invitee names, if any. */
export function accountOf(tx: EntityManager, invitee: Invitee): Promise<Customer | null> {
  return invitee.accountName
    ? tx.getRepository(Customer).findOneBy({ accountName: invitee.accountName })
    : tx.getRepository(Customer).findOneBy({ email: invitee.email! });
}

/** The facts of `assertMayJoin` for an account (or, before it exists, an account name). */
export async function inviteeFacts(
  tx: EntityManager,
  partnerId: string,
  account: Customer | null,
  accountName: string | null,
  now: string,
): Promise<InviteeFacts> {
  const name = account?.accountName ?? accountName;
  const reports = name ? await reservingReports(tx, name, now) : [];
  if (!account) return { associatedWith: null, reports, leftThisPartnerAt: null };
  const active = await tx.getRepository(Association).findOneBy({ customerId: account.id, endedAt: IsNull() });
  const left = await tx.getRepository(ApprovalResult).findOne({
    where: {
      customerId: account.id,
      partnerId,
      kind: ApprovalKind.DISSOCIATION,
      status: ApprovalStatus.APPROVED,
      decidedBy: DecidedBy.CUSTOMER,
    },
    order: { decidedAt: "DESC" },
  });
  return { associatedWith: active?.partnerId ?? null, reports, leftThisPartnerAt: left?.decidedAt ?? null };
}

/**
 * The customer accepts, in one transaction: the rules again (facts may have changed since the
 * invitation), the association (source INVITATION, the invited type, the inviting manager
 * assigned), the partner's own reports of it converted, and the decision in the outbox.
 */
export async function acceptInvitation(tx: EntityManager, invitation: Invitation, account: Customer): Promise<void> {
  const now = new Date().toISOString();
  assertMayJoin(invitation.partnerId, await inviteeFacts(tx, invitation.partnerId, account, null, now), now);
  await answer(tx, invitation, InvitationStatus.ACCEPTED, account.id, now);
  await tx.getRepository(Association).insert({
    id: randomUUID(),
    customerId: account.id,
    partnerId: invitation.partnerId,
    associationType: invitation.associationType,
    source: AssociationSource.INVITATION,
    associatedAt: now,
    label: null,
    managerId: invitation.managerId,
    managerAssignedAt: invitation.managerId ? now : null,
    endedAt: null,
  });
  if (invitation.managerId)
    await startAssignment(
      tx,
      { partnerId: invitation.partnerId, customerId: account.id, managerId: invitation.managerId },
      now,
    );
  await convertReports(tx, account.accountName, invitation.partnerId, now);
  await recordDecision(tx, {
    partnerId: invitation.partnerId,
    customerId: account.id,
    managerId: invitation.managerId,
    kind: ApprovalKind.INVITATION,
    status: ApprovalStatus.APPROVED,
    requestId: invitation.id,
    decidedBy: DecidedBy.CUSTOMER,
    comment: null,
    decidedAt: now,
  });
}

/** Records the answer, only if nobody answered meanwhile. */
export async function answer(
  tx: EntityManager,
  invitation: Invitation,
  status: InvitationStatus,
  customerId: string,
  now: string,
): Promise<void> {
  const changed = await tx
    .getRepository(Invitation)
    .update(
      { id: invitation.id, storedStatus: InvitationStatus.PENDING },
      { storedStatus: status, respondedAt: now, customerId },
    );
  if (!changed.affected) throw refuse("invitation-decided", "The invitation was answered meanwhile.");
  Object.assign(invitation, { storedStatus: status, respondedAt: now, customerId });
}
