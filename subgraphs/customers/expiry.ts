import type { DataSource } from "typeorm";
import { LessThanOrEqual } from "typeorm";
import { inBackground } from "../common/database.js";
import { recordDecision } from "./approvals.js";
import { ApprovalKind, ApprovalStatus, DecidedBy } from "./entities/approvalResult.js";
import { Association } from "./entities/association.js";
import { AssociationSwitchRequest, SwitchRequestStatus } from "./entities/associationSwitchRequest.js";
import { carryOutDueDissociations } from "./dissociationRequests.js";

/**
 * Pending switch requests the customer did not decide within 7 days expire: the request and
 * its EXPIRED result are written in one transaction each. Returns how many expired.
 */
export async function expireSwitchRequests(db: DataSource, now = new Date().toISOString()): Promise<number> {
  const due = await db
    .getRepository(AssociationSwitchRequest)
    .findBy({ status: SwitchRequestStatus.PENDING, expiresAt: LessThanOrEqual(now) });
  let expired = 0;
  for (const request of due) {
    await db.transaction(async (tx) => {
      const changed = await tx
        .getRepository(AssociationSwitchRequest)
        .update(
          { id: request.id, status: SwitchRequestStatus.PENDING },
          { status: SwitchRequestStatus.EXPIRED, decidedAt: now },
        );
      if (!changed.affected) return;
      const association = await tx.getRepository(Association).findOneBy({ id: request.associationId });
      await recordDecision(tx, {
        partnerId: request.partnerId,
        customerId: request.customerId,
        managerId: association?.managerId ?? null,
        kind: ApprovalKind.ASSOCIATION_TYPE_SWITCH,
        status: ApprovalStatus.EXPIRED,
        requestId: request.id,
        decidedBy: DecidedBy.SYSTEM,
        comment: "The customer did not decide within 7 days.",
        decidedAt: now,
      });
      expired++;
    });
  }
  return expired;
}

/**
 * Every `intervalMs`: expires switch requests past their 7 days, and carries out dissociation
 * requests whose waiting period ended. Returns the stop function.
 */
export function startExpirySweeper(
  db: DataSource,
  intervalMs: number,
  log: (message: string) => void,
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    // One after the other: SQLite has one connection, and one transaction at a time on it.
    running = inBackground(() => expireSwitchRequests(db))
      .then(
        (n) => n && log(`customers: ${n} switch request(s) expired`),
        (error: Error) => log(`customers: expiring switch requests failed: ${error.message}`),
      )
      .then(() => inBackground(() => carryOutDueDissociations(db)))
      .then(
        (n) => n && log(`customers: ${n} dissociation request(s) reached their date`),
        (error: Error) => log(`customers: carrying out dissociation requests failed: ${error.message}`),
      );
  }, intervalMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
