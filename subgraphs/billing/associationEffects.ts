import { randomUUID } from "node:crypto";
import type { DataSource, EntityManager } from "typeorm";
import { inBackground } from "../common/database.js";
import { signServiceToken } from "../../common/gatewayToken.js";
import type { BackgroundScope } from "../common/subgraph.js";
import { approvalResultsAfter, type AssociationEvent } from "./crossChecks.js";
import { CustomerBalance } from "./entities/customerBalance.js";
import { EventCheckpoint } from "./entities/eventCheckpoint.js";
import { FundTransfer, FundTransferKind } from "./entities/fundTransfer.js";
import { PartnerAccount } from "./entities/partnerAccount.js";
import { Voucher, VoucherStatus } from "./entities/voucher.js";
import { VoucherOperationKind } from "./entities/voucherOperation.js";
import { closeVoucher } from "./vouchers.js";

/**
 * Billing's side of association decisions (API_NOTES.md, Association rules): on a dissociation
 * the partner's allocated funds return and its vouchers are reclaimed; on an association-type
 * switch its vouchers are reclaimed. Billing reads the customers subgraph's outbox of approval
 * results in sequence order and applies each effect in one transaction with its checkpoint, so
 * every effect happens exactly once, however often a poll is repeated or interrupted.
 */
const FEED = "customers.approval_results";

async function reclaimVouchers(
  tx: EntityManager,
  event: AssociationEvent,
  kind: VoucherOperationKind,
  now: string,
): Promise<void> {
  const vouchers = await tx
    .getRepository(Voucher)
    .findBy({ partnerId: event.partnerId, customerId: event.customerId, status: VoucherStatus.USABLE });
  for (const voucher of vouchers) await closeVoucher(tx, voucher, VoucherStatus.RECLAIMED, kind, now);
}

async function recoverAllocatedFunds(tx: EntityManager, event: AssociationEvent, now: string): Promise<void> {
  const balance = await tx
    .getRepository(CustomerBalance)
    .findOneBy({ customerId: event.customerId, partnerId: event.partnerId });
  if (!balance || balance.allocated <= 0n) return;
  // Exactly what was read goes back: a line spending the funds meanwhile fails this, and the next poll retries.
  const taken = await tx
    .createQueryBuilder()
    .update(CustomerBalance)
    .set({ allocated: 0n, updatedAt: now })
    .where("customer_id = :customerId AND partner_id = :partnerId AND allocated = :fen", {
      customerId: event.customerId,
      partnerId: event.partnerId,
      fen: balance.allocated,
    })
    .execute();
  if (!taken.affected)
    throw new Error(`Allocated funds of ${event.customerId} changed while returning them; retrying.`);
  await tx
    .createQueryBuilder()
    .update(PartnerAccount)
    .set({ cash: () => `cash + (${balance.allocated})` })
    .where("partner_id = :partnerId", { partnerId: event.partnerId })
    .execute();
  await tx.getRepository(FundTransfer).insert({
    id: randomUUID(),
    partnerId: event.partnerId,
    customerId: event.customerId,
    kind: FundTransferKind.RECOVERED_ON_DISSOCIATION,
    amountFen: balance.allocated,
    memo: "Allocated funds returned on dissociation",
    idempotencyKey: `event:${event.id}`,
    createdAt: now,
  });
}

async function apply(db: DataSource, event: AssociationEvent): Promise<void> {
  await db.transaction(async (tx) => {
    const checkpoint = await tx.getRepository(EventCheckpoint).findOneBy({ feed: FEED });
    if (checkpoint && checkpoint.lastSequence >= event.sequence) return;
    const now = new Date().toISOString();
    if (event.status === "APPROVED" && event.kind === "DISSOCIATION") {
      await reclaimVouchers(tx, event, VoucherOperationKind.RECLAIM_ON_DISSOCIATION, now);
      await recoverAllocatedFunds(tx, event, now);
    }
    if (event.status === "APPROVED" && event.kind === "ASSOCIATION_TYPE_SWITCH") {
      await reclaimVouchers(tx, event, VoucherOperationKind.RECLAIM_ON_SWITCH, now);
    }
    await tx.getRepository(EventCheckpoint).save({ feed: FEED, lastSequence: event.sequence });
  });
}

/** Applies every new event of the outbox; returns how many it saw. */
export async function applyAssociationEvents(
  db: DataSource,
  customersUrl: string,
  secret: Uint8Array,
): Promise<number> {
  const after = (await db.getRepository(EventCheckpoint).findOneBy({ feed: FEED }))?.lastSequence ?? 0;
  const events = await approvalResultsAfter(customersUrl, await signServiceToken("billing", secret), after);
  for (const event of events) await apply(db, event);
  return events.length;
}

/** Polls the outbox every `intervalMs` (sooner while it has more); returns the stop function. */
export function startAssociationEffects({
  db,
  peers,
  gatewayTokenSecret,
  intervalMs,
  log,
}: BackgroundScope): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const poll = () => {
    running = inBackground(() => applyAssociationEvents(db, peers.customers, gatewayTokenSecret)).then(
      (seen) => {
        if (!stopped) timer = setTimeout(poll, seen === 100 ? 0 : intervalMs);
      },
      (error: Error) => {
        if (!stopped) {
          log(`billing: association effects will retry: ${error.message}`);
          timer = setTimeout(poll, intervalMs);
        }
      },
    );
  };
  timer = setTimeout(poll, 0);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
