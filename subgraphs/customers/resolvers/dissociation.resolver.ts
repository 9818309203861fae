import { Arg, Ctx, Field, ID, InputType, Mutation, Query, Resolver } from "type-graphql";
import { isStaff, requireCustomer, requireRole, type Actor } from "../../../common/actor.js";
import { forbidden, notFound } from "../../../common/errors.js";
import type { SubgraphContext } from "../../common/context.js";
import { assertNoArrears, checkVerificationCode } from "../crossChecks.js";
import { needsArrearsCheck } from "../dissociation.js";
import {
  assertDissociationAllowed,
  assertMayWithdraw,
  fileDissociation,
  WHILE_PENDING,
  withdrawDissociation,
  type Filing,
} from "../dissociationRequests.js";
import { Association } from "../entities/association.js";
import { Customer } from "../entities/customer.js";
import { DissociationRequest, DissociationSide } from "../entities/dissociationRequest.js";
import { PartnerAssociation } from "../entities/partnerAssociation.js";
import type { CustomersLoaders } from "../loaders.js";
import { checkText } from "../rules.js";

type Context = SubgraphContext<CustomersLoaders>;

@InputType({ description: "Ask to dissociate a customer from my partner." })
export class DissociateCustomerInput {
  @Field(() => ID, { description: "The customer." })
  customerId!: string;

  @Field(() => String, { description: "Why; the customer sees it." })
  reason!: string;

  @Field(() => String, {
    nullable: true,
    description: "One-time code from sendVerificationCode, required when the partner turned codes on.",
  })
  verificationCode?: string | null;
}

@InputType({ description: "As a customer: ask to end my association with a partner." })
export class RequestDissociationInput {
  @Field(() => ID, { description: "The partner to dissociate from." })
  partnerId!: string;

  @Field(() => String, { description: "Why; the partner sees it." })
  reason!: string;
}

const toPartnerAssociation = (a: Association): PartnerAssociation => ({
  id: a.id,
  partner: { id: a.partnerId },
  associationType: a.associationType,
  associatedAt: a.associatedAt,
  endedAt: a.endedAt,
  active: a.endedAt === null,
});

/** Files a request: the blockers (billing's arrears included), then the code, then the rules again in the write. */
async function file(context: Context, customer: Customer, filing: Filing, code?: string | null) {
  await assertDissociationAllowed(context.db.manager, customer, filing.side, new Date().toISOString());
  if (needsArrearsCheck(customer)) await assertNoArrears(context, customer.id);
  // Checked after the rules, so a refused request does not use up the code.
  if (filing.side === DissociationSide.PARTNER) await checkVerificationCode(context, "DISSOCIATE_CUSTOMER", code);
  return context.db.transaction((tx) => fileDissociation(tx, customer, filing));
}

/** Who may withdraw at all: the partner's admin or a customer; checked before the request is looked up. */
function withdrawingSide(actor: Actor): DissociationSide {
  if (actor.role === "admin") return DissociationSide.PARTNER;
  if (actor.role === "customer") return DissociationSide.CUSTOMER;
  throw forbidden(`Only the partner's admin or the customer can withdraw a dissociation request, not a ${actor.role}.`);
}

/** Whether the request is about the caller's partner (an admin) or the caller itself (a customer). */
const concerns = (request: DissociationRequest, actor: Actor) =>
  actor.role === "customer"
    ? request.customerId === actor.customerId
    : isStaff(actor) && request.partnerId === actor.partnerId;

@Resolver()
export class DissociationResolver {
  @Mutation(() => DissociationRequest, {
    description: `File a request to dissociate a customer from my partner (admin; with a verification code where the partner turned codes on). Refused while the account is frozen, holds reserved instances or enterprise members, (resale) is in arrears, a switch request waits, a dissociation is already pending, or within 3 months of the last switch or dissociation. It takes effect by itself 7 days later (effectiveAt); no consent of the customer is needed. ${WHILE_PENDING} When it takes effect, allocated funds return to the partner and issued vouchers are reclaimed; the outcome is an approval result of kind DISSOCIATION.`,
  })
  async requestCustomerDissociation(
    @Arg("input", () => DissociateCustomerInput, { description: "Whom to dissociate, and why." })
    input: DissociateCustomerInput,
    @Ctx() context: Context,
  ): Promise<DissociationRequest> {
    const staff = requireRole(context.actor, ["admin"], "dissociate customers");
    const reason = checkText("input.reason", input.reason);
    const customer = await context.loaders.customer.load(input.customerId);
    if (!customer) throw notFound("customer", input.customerId);
    const filing = { side: DissociationSide.PARTNER, subject: staff.subject, reason };
    return file(context, customer, filing, input.verificationCode);
  }

  @Mutation(() => Customer, {
    description:
      "Deprecated: dissociation is a request now. Files the same request as requestCustomerDissociation and returns the customer, still associated: its pendingDissociation says when the association ends; dissociatedAt stays null until then.",
    deprecationReason:
      "Dissociation takes effect 7 days after the request: use requestCustomerDissociation, which returns the request.",
  })
  async dissociateCustomer(
    @Arg("input", () => DissociateCustomerInput, { description: "Whom to dissociate, and why." })
    input: DissociateCustomerInput,
    @Ctx() context: Context,
  ): Promise<Customer> {
    await this.requestCustomerDissociation(input, context);
    return (await context.loaders.customer.load(input.customerId))!;
  }

  @Mutation(() => PartnerAssociation, {
    description: `As a customer: ask to end my association with a partner, from my account center. The same blockers apply as for the partner's request (no verification code). It takes effect by itself 7 days later; until then the association is active, its pendingDissociation shows the request, and I may withdraw it (cancelDissociationRequest).`,
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
    await file(context, customer, { side: DissociationSide.CUSTOMER, subject: own.subject, reason });
    return toPartnerAssociation(customer.association);
  }

  @Mutation(() => DissociationRequest, {
    description:
      "Withdraw a pending dissociation request, by the side that filed it: the partner's admin its partner's, the customer its own. The association continues; the withdrawal is an approval result (DISSOCIATION, CANCELLED).",
  })
  async cancelDissociationRequest(
    @Arg("requestId", () => ID, { description: "The pending request to withdraw." }) requestId: string,
    @Arg("comment", () => String, { nullable: true, description: "Why it is withdrawn." }) comment: string | null,
    @Ctx() context: Context,
  ): Promise<DissociationRequest> {
    const side = withdrawingSide(context.actor);
    const text = comment == null ? null : checkText("comment", comment);
    const request = await context.db.getRepository(DissociationRequest).findOneBy({ id: requestId });
    if (!request || !concerns(request, context.actor)) throw notFound("dissociation request", requestId);
    assertMayWithdraw(request, side);
    return context.db.transaction((tx) => withdrawDissociation(tx, request, text));
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
