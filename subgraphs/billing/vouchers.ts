import { randomUUID } from "node:crypto";
import type { DataSource, EntityManager } from "typeorm";
import { LessThan } from "typeorm";
import { inBackground } from "../common/database.js";
import { Voucher, VoucherStatus } from "./entities/voucher.js";
import { VoucherOperation, VoucherOperationKind } from "./entities/voucherOperation.js";
import { VoucherQuota } from "./entities/voucherQuota.js";

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
