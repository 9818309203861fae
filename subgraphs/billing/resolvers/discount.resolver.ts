import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireRole, requireStaff } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { notFound } from "../../../common/errors.js";
import { money, Money } from "../../common/money.js";
import { DateTimeScalar, DecimalScalar } from "../../../common/scalars.js";
import { factsOf, partnerType } from "../crossChecks.js";
import {
  assertDiscountPermission,
  assertNotResale,
  assertReseller,
  basisPoints,
  discounted,
  MIN_CUSTOMER_RATE,
  MIN_PRODUCT_RATE,
  NO_DISCOUNT,
  rateOf,
} from "../discounts.js";
import { Customer } from "../entities/customer.js";
import { CustomerDiscount } from "../entities/customerDiscount.js";
import { MarketplaceProduct } from "../entities/marketplaceProduct.js";
import { PartnerAccount } from "../entities/partnerAccount.js";
import { ProductDiscount } from "../entities/productDiscount.js";
import type { BillingLoaders } from "../loaders.js";

type Context = SubgraphContext<BillingLoaders>;

@InputType({ description: "A per-customer discount." })
export class CustomerDiscountInput {
  @Field(() => ID, { description: "The customer (consulting sales)." })
  customerId!: string;

  @Field(() => DecimalScalar, {
    description: 'The rate paid, "0.80" to "1.00" in steps of 0.01; "1.00" removes the discount.',
  })
  rate!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: "From when; default now." })
  effectiveFrom?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "Until when; default no end." })
  expiresAt?: string | null;
}

@Resolver(() => MarketplaceProduct)
export class DiscountResolver {
  @Mutation(() => CustomerDiscount, {
    nullable: true,
    description:
      "Set a customer's discount, 0.80 to 1.00 (admin). Only with the platform's permission and only for consulting-sales customers; 1.00 removes it (answers null).",
  })
  async setCustomerDiscount(
    @Arg("input", () => CustomerDiscountInput, { description: "The customer and the discount." })
    input: CustomerDiscountInput,
    @Ctx() context: Context,
  ): Promise<CustomerDiscount | null> {
    const admin = requireRole(context.actor, ["admin"], "set customer discounts");
    const points = basisPoints("input.rate", input.rate, MIN_CUSTOMER_RATE);
    const account = await context.db.getRepository(PartnerAccount).findOneBy({ partnerId: admin.partnerId });
    assertDiscountPermission(account);
    assertNotResale(await factsOf(context, input.customerId));
    // One statement either way: two admins setting the same customer's discount at once must
    // not both insert (delete-then-insert collides on PostgreSQL, where requests run in parallel).
    return context.db.transaction(async (tx) => {
      const discounts = tx.getRepository(CustomerDiscount);
      if (points === NO_DISCOUNT) {
        await discounts.delete({ customerId: input.customerId, partnerId: admin.partnerId });
        return null;
      }
      const discount = discounts.create({
        customerId: input.customerId,
        partnerId: admin.partnerId,
        rateBasisPoints: points,
        effectiveFrom: input.effectiveFrom ?? new Date().toISOString(),
        expiresAt: input.expiresAt ?? null,
      });
      await discounts.upsert(discount, ["customerId"]);
      return discount;
    });
  }

  @Query(() => [MarketplaceProduct], {
    description: "Marketplace (严选商城) products with my partner's discounts and the price differences they make.",
  })
  marketplaceProducts(@Ctx() { actor, db }: Context): Promise<MarketplaceProduct[]> {
    requireStaff(actor);
    return db.getRepository(MarketplaceProduct).find({ order: { name: "ASC" } });
  }

  @Mutation(() => MarketplaceProduct, {
    description: "Set my partner's discount on a marketplace product, 0.50 to 1.00 (admin of a reseller).",
  })
  async setProductDiscount(
    @Arg("productId", () => ID, { description: "The marketplace product." }) productId: string,
    @Arg("rate", () => DecimalScalar, {
      description: 'The rate customers pay, "0.50" to "1.00"; "1.00" removes the discount.',
    })
    rate: string,
    @Ctx() context: Context,
  ): Promise<MarketplaceProduct> {
    const admin = requireRole(context.actor, ["admin"], "set product discounts");
    const points = basisPoints("rate", rate, MIN_PRODUCT_RATE);
    assertReseller(await partnerType(context));
    const product = await context.db.getRepository(MarketplaceProduct).findOneBy({ id: productId });
    if (!product) throw notFound("marketplace product", productId);
    await context.db.transaction(async (tx) => {
      const discounts = tx.getRepository(ProductDiscount);
      if (points < NO_DISCOUNT)
        await discounts.upsert({ partnerId: admin.partnerId, productId, rateBasisPoints: points }, [
          "partnerId",
          "productId",
        ]);
      else await discounts.delete({ partnerId: admin.partnerId, productId });
    });
    return product;
  }

  @FieldResolver(() => DecimalScalar, {
    description: 'The rate my partner\'s customers pay, "1.00" without a discount.',
  })
  async discountRate(@Root() product: MarketplaceProduct, @Ctx() context: Context): Promise<string> {
    return rateOf(await this.points(product, context));
  }

  @FieldResolver(() => Money, {
    description: "What my partner's customers pay: the list price at my partner's rate, rounded half up to the fen.",
  })
  async customerPrice(@Root() product: MarketplaceProduct, @Ctx() context: Context): Promise<Money> {
    return money(discounted(product.listPriceFen, await this.points(product, context)));
  }

  @FieldResolver(() => Money, { description: "Price difference: list price minus my customers' price." })
  async priceDifference(@Root() product: MarketplaceProduct, @Ctx() context: Context): Promise<Money> {
    return money(product.listPriceFen - discounted(product.listPriceFen, await this.points(product, context)));
  }

  private async points(product: MarketplaceProduct, { actor, loaders }: Context): Promise<number> {
    requireStaff(actor);
    return (await loaders.productDiscount.load(product.id))?.rateBasisPoints ?? NO_DISCOUNT;
  }
}

@Resolver(() => Customer)
export class CustomerDiscountResolver {
  @FieldResolver(() => CustomerDiscount, {
    nullable: true,
    description: "The discount my partner gives this customer, if any.",
  })
  discount(@Root() customer: Customer, @Ctx() { actor, loaders }: Context): Promise<CustomerDiscount | null> {
    requireStaff(actor);
    return loaders.discount.load(customer.id);
  }
}
