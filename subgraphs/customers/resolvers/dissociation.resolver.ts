import { Arg, Ctx, Field, ID, InputType, Mutation, Query, Resolver } from "type-graphql";
import { requireCustomer, requireRole } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { notFound } from "../../../common/errors.js";
import { assertNoArrears, checkVerificationCode } from "../crossChecks.js";
import { assertAccountAllowsDissociation, endAssociation, needsArrearsCheck } from "../dissociation.js";
import { DecidedBy } from "../entities/approvalResult.js";
import { Association } from "../entities/association.js";
import { Customer } from "../entities/customer.js";
import { PartnerAssociation } from "../entities/partnerAssociation.js";
import type { CustomersLoaders } from "../loaders.js";
import { assertThreeMonthRule, checkText } from "../rules.js";

type Context = SubgraphContext<CustomersLoaders>;

@InputType({ description: "Dissociate a customer from my partner." })
export class DissociateCustomerInput {
  @Field(() => ID, { description: "The customer." })
  customerId!: string;

  @Field(() => String, { description: "Why." })
  reason!: string;

  @Field(() => String, {
    nullable: true,
    description: "One-time code from sendVerificationCode, required when the partner turned codes on.",
  })
  verificationCode?: string | null;
}

@InputType({ description: "As a customer: end my association with a partner." })
export class RequestDissociationInput {
  @Field(() => ID, { description: "The partner to dissociate from." })
  partnerId!: string;

  @Field(() => String, { description: "Why." })
  reason!: string;
}

const toPartnerAssociation = (a: Association): PartnerAssociation => ({
  partner: { id: a.partnerId },
  associationType: a.associationType,
  associatedAt: a.associatedAt,
  endedAt: a.endedAt,
  active: a.endedAt === null,
});

/** Every blocker but the 3-month rule (checked inside the transaction that ends the association). */
async function assertDissociable(context: Context, customer: Customer): Promise<void> {
  assertAccountAllowsDissociation(customer);
  await assertThreeMonthRule(context.db.manager, customer.id);
  if (needsArrearsCheck(customer)) await assertNoArrears(context, customer.id);
}

@Resolver()
export class DissociationResolver {
  @Mutation(() => Customer, {
    description:
      "Dissociate a customer (admin). Refused while the account is frozen, holds reserved instances or enterprise members, or (resale) is in arrears. Allocated funds return to the partner and issued vouchers are reclaimed.",
  })
  async dissociateCustomer(
    @Arg("input", () => DissociateCustomerInput, { description: "Whom to dissociate from, and why." })
    input: DissociateCustomerInput,
    @Ctx() context: Context,
  ): Promise<Customer> {
    requireRole(context.actor, ["admin"], "dissociate customers");
    const reason = checkText("input.reason", input.reason);
    const customer = await context.loaders.customer.load(input.customerId);
    if (!customer) throw notFound("customer", input.customerId);
    await assertDissociable(context, customer);
    await checkVerificationCode(context, "DISSOCIATE_CUSTOMER", input.verificationCode);
    await context.db.transaction((tx) => endAssociation(tx, customer, DecidedBy.PARTNER, reason));
    return customer;
  }

  @Mutation(() => PartnerAssociation, {
    description:
      "As a customer: end my association with a partner, from my account center. The same blockers apply as for the partner.",
  })
  async requestDissociation(
    @Arg("input", () => RequestDissociationInput, { description: "Whom to dissociate from, and why." })
    input: RequestDissociationInput,
    @Ctx() context: Context,
  ): Promise<PartnerAssociation> {
    const own = requireCustomer(context.actor);
    const reason = checkText("input.reason", input.reason);
    const customer = await context.loaders.customer.load(own.customerId);
    if (!customer || customer.association.partnerId !== input.partnerId)
      throw notFound("association with partner", input.partnerId);
    await assertDissociable(context, customer);
    await context.db.transaction((tx) => endAssociation(tx, customer, DecidedBy.CUSTOMER, reason));
    return toPartnerAssociation(customer.association);
  }

  @Query(() => [PartnerAssociation], {
    description: 'As a customer: the partners I am or was associated with, newest first ("my partners").',
  })
  async myPartners(@Ctx() { actor, db }: Context): Promise<PartnerAssociation[]> {
    const own = requireCustomer(actor);
    const associations = await db
      .getRepository(Association)
      .find({ where: { customerId: own.customerId }, order: { associatedAt: "DESC" } });
    return associations.map(toPartnerAssociation);
  }
}
