import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, Resolver, Root } from "type-graphql";
import { requireCustomer } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { DecimalScalar } from "../../../common/scalars.js";
import { ChargingMode } from "../entities/consumptionRecord.js";
import { Voucher } from "../entities/voucher.js";
import { VoucherRedemption } from "../entities/voucherRedemption.js";
import { once } from "../idempotency.js";
import type { BillingLoaders } from "../loaders.js";
import { checkRedemption, redeem } from "../redemptions.js";

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
    const request = checkRedemption(input);
    return once(db, {
      owner: customer.customerId,
      key: input.idempotencyKey,
      operation: "REDEEM_VOUCHER",
      request: {
        ...input,
        productType: request.productType,
        orderAmount: request.orderFen.toString(),
        idempotencyKey: undefined,
      },
      run: (tx) => redeem(tx, customer.customerId, request),
      keep: (redemption) => redemption.id,
      restore: (id: string, tx) => tx.getRepository(VoucherRedemption).findOneByOrFail({ id }),
    });
  }

  @FieldResolver(() => Voucher, { description: "The voucher that paid." })
  async voucher(@Root() redemption: VoucherRedemption, @Ctx() { db }: Context): Promise<Voucher> {
    return db.getRepository(Voucher).findOneByOrFail({ id: redemption.voucherId });
  }
}
