import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import { requireCustomer, requireRole, requireStaff } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { notFound } from "../../../common/errors.js";
import { connection, ConnectionArgs, ConnectionType, type Connection } from "../../common/pagination.js";
import { checkVerificationCode } from "../crossChecks.js";
import { DecidedBy } from "../entities/approvalResult.js";
import { AssociationType } from "../entities/association.js";
import { AssociationSwitchRequest, SwitchRequestStatus } from "../entities/associationSwitchRequest.js";
import { Customer } from "../entities/customer.js";
import { expireSwitchRequests } from "../expiry.js";
import { assertSwitchAllowed, assertSwitchOpen, decideSwitch, fileSwitch } from "../switches.js";
import type { CustomersLoaders } from "../loaders.js";
import { checkText } from "../rules.js";

type Context = SubgraphContext<CustomersLoaders>;

@ObjectType({ description: "A page of association-type switch requests by cursor." })
export class AssociationSwitchRequestConnection extends ConnectionType(AssociationSwitchRequest) {}

@InputType({ description: "A request to switch a customer's association type." })
export class AssociationSwitchInput {
  @Field(() => ID, { description: "The customer." })
  customerId!: string;

  @Field(() => AssociationType, { description: "The association type wanted." })
  targetType!: AssociationType;

  @Field(() => String, { description: "Why; shown to the customer, who decides." })
  reason!: string;

  @Field(() => String, {
    nullable: true,
    description: "One-time code from sendVerificationCode, required when the partner turned codes on.",
  })
  verificationCode?: string | null;
}

@InputType({ description: "The customer's decision on a switch request." })
export class AssociationSwitchResponseInput {
  @Field(() => ID, { description: "The request decided." })
  requestId!: string;

  @Field(() => Boolean, { description: "true to approve (the association type changes), false to reject." })
  approve!: boolean;

  @Field(() => String, { nullable: true, description: "A comment for the partner." })
  comment?: string | null;
}

@ArgsType()
class SwitchRequestsArgs extends ConnectionArgs {
  @Field(() => SwitchRequestStatus, { nullable: true, description: "Only requests in this state." })
  status?: SwitchRequestStatus | null;
}

const NEWEST_FIRST = {
  name: "requestedAt:DESC",
  column: "request.requested_at",
  idColumn: "request.id",
  direction: "DESC" as const,
  keyOf: (r: AssociationSwitchRequest) => r.requestedAt,
  idOf: (r: AssociationSwitchRequest) => r.id,
};

/** Loads a request for a decision, expiring it first if its time ran out. */
async function openRequest(
  context: Context,
  id: string,
  visible: (request: AssociationSwitchRequest) => Promise<boolean>,
): Promise<AssociationSwitchRequest> {
  const request = await context.db.getRepository(AssociationSwitchRequest).findOneBy({ id });
  if (!request || !(await visible(request))) throw notFound("association switch request", id);
  try {
    assertSwitchOpen(request, new Date().toISOString());
  } catch (error) {
    // Its time ran out: expire it now rather than at the next sweep, then say so.
    if (request.status === SwitchRequestStatus.PENDING) await expireSwitchRequests(context.db);
    throw error;
  }
  return request;
}

@Resolver(() => AssociationSwitchRequest)
export class AssociationSwitchResolver {
  @Mutation(() => AssociationSwitchRequest, {
    description:
      "Ask the customer to switch its association type (admin, supervisor or the customer's manager). Takes effect only when the customer approves, within 7 days.",
  })
  async requestAssociationTypeSwitch(
    @Arg("input", () => AssociationSwitchInput, { description: "The request, or the decision on it." })
    input: AssociationSwitchInput,
    @Ctx() context: Context,
  ): Promise<AssociationSwitchRequest> {
    const staff = requireRole(context.actor, ["admin", "supervisor", "manager"], "request association-type switches");
    const reason = checkText("input.reason", input.reason);
    const customer = await context.loaders.customer.load(input.customerId);
    if (!customer) throw notFound("customer", input.customerId);
    await assertSwitchAllowed(context.db.manager, customer, input.targetType);
    // Checked after the rules, so a refused request does not use up the code.
    await checkVerificationCode(context, "SWITCH_ASSOCIATION_TYPE", input.verificationCode);
    const ask = { targetType: input.targetType, reason, subject: staff.subject };
    return context.db.transaction((tx) => fileSwitch(tx, customer, ask));
  }

  @Mutation(() => AssociationSwitchRequest, {
    description: "Withdraw a pending switch request (staff who may see the customer).",
  })
  async cancelAssociationTypeSwitch(
    @Arg("requestId", () => ID, { description: "The pending request to withdraw." }) requestId: string,
    @Arg("comment", () => String, { nullable: true, description: "Why it is withdrawn." }) comment: string | null,
    @Ctx() context: Context,
  ): Promise<AssociationSwitchRequest> {
    const staff = requireRole(context.actor, ["admin", "supervisor", "manager"], "cancel association-type switches");
    const request = await openRequest(
      context,
      requestId,
      async (r) => r.partnerId === staff.partnerId && (await context.loaders.customer.load(r.customerId)) !== null,
    );
    return this.decide(context, request, SwitchRequestStatus.CANCELLED, DecidedBy.PARTNER, comment);
  }

  @Mutation(() => AssociationSwitchRequest, {
    description: 'Approve or reject a switch request, as the customer, from its account center ("my partners").',
  })
  async respondToAssociationSwitch(
    @Arg("input", () => AssociationSwitchResponseInput, { description: "The request, or the decision on it." })
    input: AssociationSwitchResponseInput,
    @Ctx() context: Context,
  ): Promise<AssociationSwitchRequest> {
    const customer = requireCustomer(context.actor);
    const request = await openRequest(context, input.requestId, async (r) => r.customerId === customer.customerId);
    return this.decide(
      context,
      request,
      input.approve ? SwitchRequestStatus.APPROVED : SwitchRequestStatus.REJECTED,
      DecidedBy.CUSTOMER,
      input.comment ?? null,
    );
  }

  /** One transaction: the decision (switches.ts). */
  private decide(
    context: Context,
    request: AssociationSwitchRequest,
    status: SwitchRequestStatus,
    by: DecidedBy,
    comment: string | null,
  ): Promise<AssociationSwitchRequest> {
    return context.db.transaction((tx) => decideSwitch(tx, request, { status, by, comment }));
  }

  @Query(() => AssociationSwitchRequestConnection, {
    description: "My partner's switch requests for the customers I may see, newest first.",
  })
  async associationSwitchRequests(
    @Args(() => SwitchRequestsArgs) args: SwitchRequestsArgs,
    @Ctx() { actor, db, loaders }: Context,
  ): Promise<Connection<AssociationSwitchRequest>> {
    requireStaff(actor);
    const visible = (await loaders.visible()).select("customer.id");
    const qb = db
      .getRepository(AssociationSwitchRequest)
      .createQueryBuilder("request")
      .where(`request.customer_id IN (${visible.getQuery()})`)
      .setParameters(visible.getParameters());
    if (args.status) qb.andWhere("request.status = :status", { status: args.status });
    return connection(qb, NEWEST_FIRST, args);
  }

  @Query(() => [AssociationSwitchRequest], { description: "As a customer: switch requests waiting for my decision." })
  myPendingAssociationSwitches(@Ctx() { actor, db }: Context): Promise<AssociationSwitchRequest[]> {
    const customer = requireCustomer(actor);
    return db.getRepository(AssociationSwitchRequest).find({
      where: { customerId: customer.customerId, status: SwitchRequestStatus.PENDING },
      order: { requestedAt: "DESC" },
    });
  }

  @FieldResolver(() => Customer, { nullable: true, description: "The customer, if the caller may (still) see it." })
  customer(@Root() request: AssociationSwitchRequest, @Ctx() { loaders }: Context): Promise<Customer | null> {
    return loaders.customer.load(request.customerId);
  }
}
