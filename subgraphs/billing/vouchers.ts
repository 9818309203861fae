import { randomUUID } from "node:crypto";
import type { DataSource, EntityManager } from "typeorm";
import { LessThan } from "typeorm";
import { notFound } from "../../common/errors.js";
import { inBackground } from "../common/database.js";
import { Voucher, VoucherStatus } from "./entities/voucher.js";
import { VoucherOperation, VoucherOperationKind } from "./entities/voucherOperation.js";
import { VoucherQuota } from "./entities/voucherQuota.js";
import { refuse } from "./rules.js";

/** A voucher's unused balance goes back to the quota it was issued from. */
export async function returnToQuota(tx: EntityManager, quotaId: string, fen: bigint): Promise<void> {
  if (fen <= 0n) return;
  await tx
    .createQueryBuilder()
    .update(VoucherQuota)
    .set({ balanceFen: () => `balance + ${fen.toString()}` })
    .where("id = :quotaId", { quotaId })
    .execute();
}

/** Ends a usable voucher: its balance returns to the quota, recorded as `kind`. */
export async function closeVoucher(
  tx: EntityManager,
  voucher: Voucher,
  status: VoucherStatus,
  kind: VoucherOperationKind,
  now: string,
): Promise<Voucher> {
  await tx.getRepository(VoucherOperation).insert({
    id: randomUUID(),
    voucherId: voucher.id,
    partnerId: voucher.partnerId,
    kind,
    amountFen: voucher.balanceFen,
    createdAt: now,
  });
  if (voucher.quotaId) await returnToQuota(tx, voucher.quotaId, voucher.balanceFen);
  await tx.getRepository(Voucher).update({ id: voucher.id }, { status, balanceFen: 0n });
  return Object.assign(voucher, { status, balanceFen: 0n });
}

/** Only a usable voucher can be reclaimed. */
export function assertReclaimable(voucher: Pick<Voucher, "status">): void {
  if (voucher.status !== VoucherStatus.USABLE)
    throw refuse("voucher-not-usable", `Only usable vouchers can be reclaimed; this one is ${voucher.status}.`);
}

/** The partner takes a usable voucher back: its whole remaining balance returns to its quota. */
export async function reclaimVoucher(tx: EntityManager, partnerId: string, voucherId: string): Promise<Voucher> {
  const voucher = await tx.getRepository(Voucher).findOneBy({ id: voucherId, partnerId });
  if (!voucher) throw notFound("voucher", voucherId);
  assertReclaimable(voucher);
  return closeVoucher(tx, voucher, VoucherStatus.RECLAIMED, VoucherOperationKind.RECLAIM, new Date().toISOString());
}

/** Usable vouchers past their validity expire; their balance returns to the quota. */
export async function expireVouchers(db: DataSource, now = new Date().toISOString()): Promise<number> {
  const due = await db.getRepository(Voucher).findBy({ status: VoucherStatus.USABLE, validUntil: LessThan(now) });
  for (const voucher of due) {
    await db.transaction(async (tx) => {
      const current = await tx.getRepository(Voucher).findOneBy({ id: voucher.id, status: VoucherStatus.USABLE });
      if (current) await closeVoucher(tx, current, VoucherStatus.EXPIRED, VoucherOperationKind.EXPIRY_RECLAIM, now);
    });
  }
  return due.length;
}

export function startVoucherExpiry(
  db: DataSource,
  intervalMs: number,
  log: (message: string) => void,
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = inBackground(() => expireVouchers(db)).then(
      (n) => n && log(`billing: ${n} voucher(s) expired`),
      (error: Error) => log(`billing: expiring vouchers failed: ${error.message}`),
    );
  }, intervalMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
