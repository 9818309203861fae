import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { badUserInput, notFound } from "../../common/errors.js";
import { parseAmount } from "../common/money.js";
import { ChargingMode } from "./entities/consumptionRecord.js";
import { Voucher, VoucherStatus } from "./entities/voucher.js";
import { VoucherOperation, VoucherOperationKind } from "./entities/voucherOperation.js";
import { VoucherRedemption } from "./entities/voucherRedemption.js";
import { refuse } from "./rules.js";

/**
 * A customer paying an order with a voucher (docs/domain.md, Vouchers). The rules are plain
 * functions of the voucher and the order; `redeem` gathers the facts and writes in the caller's
 * transaction.
 */

/** The order as the customer names it (the GraphQL input). */
export interface RedemptionInput {
  voucherId: string;
  orderId: string;
  orderAmount: string;
  productType: string;
  chargingMode: ChargingMode;
}

/** An order once checked: its amount in fen, its product type in upper case. */
export interface RedemptionRequest {
  voucherId: string;
  orderId: string;
  orderFen: bigint;
  productType: string;
  chargingMode: ChargingMode;
}

export function checkRedemption(input: RedemptionInput): RedemptionRequest {
  const orderFen = parseAmount("input.orderAmount", input.orderAmount);
  if (!/^[\w-]{1,64}$/.test(input.orderId))
    throw badUserInput("input.orderId", "orderId must be 1 to 64 letters, digits, _ or -.");
  return {
    voucherId: input.voucherId,
    orderId: input.orderId,
    orderFen,
    productType: input.productType.trim().toUpperCase(),
    chargingMode: input.chargingMode,
  };
}

/** Why a voucher cannot pay now, or null when it can. */
export function unusableBecause(
  voucher: Pick<Voucher, "status" | "validFrom" | "validUntil">,
  now: string,
): string | null {
  if (voucher.status !== VoucherStatus.USABLE) return `it is ${voucher.status}`;
  if (now < voucher.validFrom) return `it is valid only from ${voucher.validFrom}`;
  if (now > voucher.validUntil) return `it expired on ${voucher.validUntil}`;
  return null;
}

/**
 * A voucher pays while usable and valid, for a product within its purchase scope; a
 * new-customer voucher (拉新券) never pays on-demand usage.
 */
export function assertVoucherPays(
  voucher: Pick<Voucher, "status" | "validFrom" | "validUntil" | "purchaseScope" | "newCustomer">,
  request: Pick<RedemptionRequest, "productType" | "chargingMode">,
  now: string,
): void {
  const unusable = unusableBecause(voucher, now);
  if (unusable) throw refuse("voucher-not-usable", `The voucher cannot pay: ${unusable}.`);
  if (!voucher.purchaseScope.includes(request.productType)) {
    throw refuse(
      "voucher-scope",
      `The voucher pays for ${voucher.purchaseScope.join(", ")} only, not ${request.productType}.`,
    );
  }
  if (voucher.newCustomer && request.chargingMode === ChargingMode.ON_DEMAND) {
    throw refuse(
      "new-customer-voucher-on-demand",
      "A new-customer voucher (拉新券) pays yearly/monthly purchases only, never on-demand usage.",
    );
  }
}

/** One order can use only one voucher. */
export function assertOrderWithoutVoucher(orderId: string, orderUsedVoucher: boolean): void {
  if (orderUsedVoucher)
    throw refuse(
      "one-voucher-per-order",
      `Order ${orderId} already used a voucher; one order can use only one voucher.`,
    );
}

/**
 * What a voucher pays of an order: the whole order when its balance covers it, otherwise its
 * whole balance, which uses it up.
 */
export function paymentOf(balanceFen: bigint, orderFen: bigint): { paidFen: bigint; usedUp: boolean } {
  const paidFen = balanceFen < orderFen ? balanceFen : orderFen;
  return { paidFen, usedUp: paidFen === balanceFen };
}

/** The customer's voucher pays the order: its balance goes down by what it pays, at most once per order. */
export async function redeem(
  tx: EntityManager,
  customerId: string,
  request: RedemptionRequest,
): Promise<VoucherRedemption> {
  const voucher = await tx.getRepository(Voucher).findOneBy({ id: request.voucherId, customerId });
  if (!voucher) throw notFound("voucher", request.voucherId);
  const now = new Date().toISOString();
  assertVoucherPays(voucher, request, now);
  assertOrderWithoutVoucher(
    request.orderId,
    await tx.getRepository(VoucherRedemption).existsBy({ customerId, orderId: request.orderId }),
  );
  const { paidFen, usedUp } = paymentOf(voucher.balanceFen, request.orderFen);
  const spent = await tx
    .createQueryBuilder()
    .update(Voucher)
    .set({ balanceFen: () => `balance - ${paidFen.toString()}` })
    .where("id = :id AND status = :usable AND balance >= :paid", {
      id: voucher.id,
      usable: VoucherStatus.USABLE,
      paid: paidFen,
    })
    .execute();
  if (!spent.affected) throw refuse("voucher-not-usable", "The voucher was used meanwhile.");
  if (usedUp) await tx.getRepository(Voucher).update({ id: voucher.id }, { status: VoucherStatus.USED });
  await tx.getRepository(VoucherOperation).insert({
    id: randomUUID(),
    voucherId: voucher.id,
    partnerId: voucher.partnerId,
    kind: VoucherOperationKind.REDEEM,
    amountFen: paidFen,
    createdAt: now,
  });
  const redemption = tx.getRepository(VoucherRedemption).create({
    id: randomUUID(),
    voucherId: voucher.id,
    customerId,
    orderId: request.orderId,
    productType: request.productType,
    orderFen: request.orderFen,
    paidFen,
    redeemedAt: now,
  });
  await tx.getRepository(VoucherRedemption).insert(redemption);
  return redemption;
}
