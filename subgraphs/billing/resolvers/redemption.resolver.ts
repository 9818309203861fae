import { randomUUID } from "node:crypto";
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, Resolver, Root } from "type-graphql";
import { requireCustomer } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { badUserInput, notFound } from "../../../common/errors.js";
import { parseAmount } from "../../common/money.js";
import { DecimalScalar } from "../../../common/scalars.js";
import { ChargingMode } from "../entities/consumptionRecord.js";
import { Voucher, VoucherStatus } from "../entities/voucher.js";
import { VoucherOperation, VoucherOperationKind } from "../entities/voucherOperation.js";
import { VoucherRedemption } from "../entities/voucherRedemption.js";
import { once } from "../idempotency.js";
import type { BillingLoaders } from "../loaders.js";
import { refuse } from "../rules.js";

type Context = SubgraphContext<BillingLoaders>;

@InputType({ description: "Pay an order with a voucher." })
export class RedeemVoucherInput {
  @Field(() => ID, { description: "The voucher." })
  voucherId!: string;

  @Field(() => String, { description: "The order; one order can use only one voucher." })
  orderId!: string;

  @Field(() => DecimalScalar, { description: 'The order\'s amount in yuan, e.g. "320.00".' })
  orderAmount!: string;

  @Field(() => String, {
    description: "The product's service type, e.g. ECS; it must be within the voucher's purchase scope.",
  })
  productType!: string;

  @Field(() => ChargingMode, {
    defaultValue: ChargingMode.YEARLY_MONTHLY,
    description: "How the product is charged; new-customer vouchers never pay on-demand usage.",
  })
  chargingMode!: ChargingMode;

  @Field(() => String, { description: "Your key: a retry returns the first result and pays nothing again." })
  idempotencyKey!: string;
}

/** Why a voucher cannot pay now, or null when it can. */
function unusableBecause(voucher: Voucher, now: string): string | null {
  if (voucher.status !== VoucherStatus.USABLE) return `it is ${voucher.status}`;
  if (now < voucher.validFrom) return `it is valid only from ${voucher.validFrom}`;
  if (now > voucher.validUntil) return `it expired on ${voucher.validUntil}`;
  return null;
}

@Resolver(() => VoucherRedemption)
export class RedemptionResolver {
  @Mutation(() => VoucherRedemption, {
    description:
      "Pay an order with a voucher, as the customer. One voucher per order; the product must be within its purchase scope; it pays the whole order when its balance covers it, otherwise its whole balance. New-customer vouchers pay yearly/monthly purchases only.",
  })
  redeemVoucher(
    @Arg("input", () => RedeemVoucherInput, { description: "The voucher, the order and your idempotency key." })
    input: RedeemVoucherInput,
    @Ctx() { actor, db }: Context,
  ): Promise<VoucherRedemption> {
    const customer = requireCustomer(actor);
    const orderFen = parseAmount("input.orderAmount", input.orderAmount);
    if (!/^[\w-]{1,64}$/.test(input.orderId))
      throw badUserInput("input.orderId", "orderId must be 1 to 64 letters, digits, _ or -.");
    const productType = input.productType.trim().toUpperCase();
    return once(db, {
      owner: customer.customerId,
      key: input.idempotencyKey,
      operation: "REDEEM_VOUCHER",
      request: { ...input, productType, orderAmount: orderFen.toString(), idempotencyKey: undefined },
      run: async (tx) => {
        const voucher = await tx
          .getRepository(Voucher)
          .findOneBy({ id: input.voucherId, customerId: customer.customerId });
        if (!voucher) throw notFound("voucher", input.voucherId);
        const now = new Date().toISOString();
        const unusable = unusableBecause(voucher, now);
        if (unusable) throw refuse("voucher-not-usable", `The voucher cannot pay: ${unusable}.`);
        if (!voucher.purchaseScope.includes(productType)) {
          throw refuse(
            "voucher-scope",
            `The voucher pays for ${voucher.purchaseScope.join(", ")} only, not ${productType}.`,
          );
        }
        if (voucher.newCustomer && input.chargingMode === ChargingMode.ON_DEMAND) {
          throw refuse(
            "new-customer-voucher-on-demand",
            "A new-customer voucher (拉新券) pays yearly/monthly purchases only, never on-demand usage.",
          );
        }
        if (
          await tx
            .getRepository(VoucherRedemption)
            .existsBy({ customerId: customer.customerId, orderId: input.orderId })
        ) {
          throw refuse(
            "one-voucher-per-order",
            `Order ${input.orderId} already used a voucher; one order can use only one voucher.`,
          );
        }
        const paid = voucher.balanceFen < orderFen ? voucher.balanceFen : orderFen;
        const spent = await tx
          .createQueryBuilder()
          .update(Voucher)
          .set({ balanceFen: () => `balance - ${paid.toString()}` })
          .where("id = :id AND status = :usable AND balance >= :paid", {
            id: voucher.id,
            usable: VoucherStatus.USABLE,
            paid,
          })
          .execute();
        if (!spent.affected) throw refuse("voucher-not-usable", "The voucher was used meanwhile.");
        if (paid === voucher.balanceFen)
          await tx.getRepository(Voucher).update({ id: voucher.id }, { status: VoucherStatus.USED });
        await tx.getRepository(VoucherOperation).insert({
          id: randomUUID(),
          voucherId: voucher.id,
          partnerId: voucher.partnerId,
          kind: VoucherOperationKind.REDEEM,
          amountFen: paid,
          createdAt: now,
        });
        const redemption = tx.getRepository(VoucherRedemption).create({
          id: randomUUID(),
          voucherId: voucher.id,
          customerId: customer.customerId,
          orderId: input.orderId,
          productType,
          orderFen,
          paidFen: paid,
          redeemedAt: now,
        });
        await tx.getRepository(VoucherRedemption).insert(redemption);
        return redemption;
      },
      keep: (redemption) => redemption.id,
      restore: (id: string, tx) => tx.getRepository(VoucherRedemption).findOneByOrFail({ id }),
    });
  }

  @FieldResolver(() => Voucher, { description: "The voucher that paid." })
  async voucher(@Root() redemption: VoucherRedemption, @Ctx() { db }: Context): Promise<Voucher> {
    return db.getRepository(Voucher).findOneByOrFail({ id: redemption.voucherId });
  }
}
