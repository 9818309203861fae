import { randomUUID } from "node:crypto";
import {
  Arg,
  Args,
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
import { requireRole, requireStaff, type StaffActor } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { notFound } from "../../../common/errors.js";
import {
  connection,
  ConnectionArgs,
  ConnectionType,
  type Connection,
  type SortOrder,
} from "../../common/pagination.js";
import { DateScalar, DecimalScalar } from "../../../common/scalars.js";
import { Customer } from "../entities/customer.js";
import { MarketingTask } from "../entities/marketingTask.js";
import { Opportunity, OpportunitySource, OpportunityStatus } from "../entities/opportunity.js";
import type { CustomersLoaders } from "../loaders.js";
import { assertDraft, assertTaskActive, checkSubmission, originOf } from "../opportunities.js";
import { checkText } from "../rules.js";

type Context = SubgraphContext<CustomersLoaders>;

@ObjectType({ description: "A page of opportunities by cursor." })
export class OpportunityConnection extends ConnectionType(Opportunity) {}

@InputType({ description: "Step one of an opportunity: where it starts." })
export class CreateOpportunityInput {
  @Field(() => OpportunitySource, { description: "From a customer or from a marketing task." })
  source!: OpportunitySource;

  @Field(() => ID, { nullable: true, description: "The customer, for source CUSTOMER." })
  customerId?: string | null;

  @Field(() => ID, { nullable: true, description: "The marketing task, for source MARKETING_TASK." })
  marketingTaskId?: string | null;

  @Field(() => String, { description: "A short name, up to 100 characters." })
  name!: string;
}

@InputType({ description: "Step two of an opportunity: its details, then submit." })
export class SubmitOpportunityInput {
  @Field(() => ID, { description: "The draft opportunity." })
  opportunityId!: string;

  @Field(() => DecimalScalar, {
    description: 'Expected contract amount in yuan, e.g. "120000.00" (at most 2 decimals).',
  })
  expectedAmount!: string;

  @Field(() => String, { description: 'Products or services involved, e.g. "ECS, RDS".' })
  products!: string;

  @Field(() => DateScalar, { description: "Expected closing day, today or later." })
  expectedCloseDate!: string;
}

const NEWEST_FIRST: SortOrder<Opportunity> = {
  name: "createdAt:DESC",
  column: "opportunity.created_at",
  idColumn: "opportunity.id",
  direction: "DESC",
  keyOf: (o) => o.createdAt,
  idOf: (o) => o.id,
};

/** A manager sees the opportunities they own, a supervisor their team's, admin and analyst all. */
async function visibleOpportunities(context: Context) {
  const staff = requireStaff(context.actor);
  const qb = context.db
    .getRepository(Opportunity)
    .createQueryBuilder("opportunity")
    .where("opportunity.partner_id = :partnerId", { partnerId: staff.partnerId });
  if (staff.role === "manager") qb.andWhere("opportunity.owner_id = :staffId", { staffId: staff.staffId });
  if (staff.role === "supervisor") {
    const team = [staff.staffId!, ...(await context.loaders.team(staff.staffId!))];
    qb.andWhere("opportunity.owner_id IN (:...team)", { team });
  }
  return qb;
}

/** The partner's marketing task an opportunity starts from, while it runs. */
async function activeMarketingTask(context: Context, staff: StaffActor, id: string): Promise<MarketingTask> {
  const task = await context.db.getRepository(MarketingTask).findOneBy({ id, partnerId: staff.partnerId });
  if (!task) throw notFound("marketing task", id);
  assertTaskActive(task, new Date().toISOString());
  return task;
}

@Resolver(() => Opportunity)
export class OpportunityResolver {
  @Mutation(() => Opportunity, {
    description:
      "Step one: start an opportunity (商机) from a customer or a marketing task (admin, supervisor or manager).",
  })
  async createOpportunity(
    @Arg("input", () => CreateOpportunityInput, {
      description: "The opportunity's start (step one) or details (step two).",
    })
    input: CreateOpportunityInput,
    @Ctx() context: Context,
  ): Promise<Opportunity> {
    const staff = requireRole(context.actor, ["admin", "supervisor", "manager"], "create opportunities");
    const name = checkText("input.name", input.name, 100);
    const { customerId, marketingTaskId } = originOf(input);
    if (customerId && !(await context.loaders.customer.load(customerId))) throw notFound("customer", customerId);
    if (marketingTaskId) await activeMarketingTask(context, staff, marketingTaskId);
    return context.db.transaction((tx) =>
      tx.getRepository(Opportunity).save({
        id: randomUUID(),
        partnerId: staff.partnerId,
        source: input.source,
        customerId,
        marketingTaskId,
        ownerId: staff.role === "admin" ? null : staff.staffId,
        name,
        status: OpportunityStatus.DRAFT,
        expectedAmountFen: null,
        products: null,
        expectedCloseDate: null,
        createdBy: staff.subject,
        createdAt: new Date().toISOString(),
        submittedAt: null,
      }),
    );
  }

  @Mutation(() => Opportunity, { description: "Step two: give a draft opportunity its details and submit it." })
  async submitOpportunity(
    @Arg("input", () => SubmitOpportunityInput, {
      description: "The opportunity's start (step one) or details (step two).",
    })
    input: SubmitOpportunityInput,
    @Ctx() context: Context,
  ): Promise<Opportunity> {
    requireRole(context.actor, ["admin", "supervisor", "manager"], "submit opportunities");
    const details = checkSubmission(input, new Date().toISOString().slice(0, 10));
    const opportunity = await (
      await visibleOpportunities(context)
    )
      .andWhere("opportunity.id = :id", { id: input.opportunityId })
      .getOne();
    if (!opportunity) throw notFound("opportunity", input.opportunityId);
    assertDraft(opportunity);
    Object.assign(opportunity, {
      ...details,
      status: OpportunityStatus.SUBMITTED,
      submittedAt: new Date().toISOString(),
    });
    return context.db.transaction((tx) => tx.getRepository(Opportunity).save(opportunity));
  }

  @Query(() => OpportunityConnection, { description: "Opportunities I may see, newest first." })
  async opportunities(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: Context,
  ): Promise<Connection<Opportunity>> {
    return connection(await visibleOpportunities(context), NEWEST_FIRST, args);
  }

  @Query(() => [MarketingTask], { description: "My partner's marketing tasks (营销任务), latest first." })
  marketingTasks(@Ctx() { actor, db }: Context): Promise<MarketingTask[]> {
    const staff = requireStaff(actor);
    return db.getRepository(MarketingTask).find({ where: { partnerId: staff.partnerId }, order: { startsAt: "DESC" } });
  }

  @FieldResolver(() => Customer, {
    nullable: true,
    description: "The customer it started from, if the caller may see it.",
  })
  customer(@Root() opportunity: Opportunity, @Ctx() { loaders }: Context): Promise<Customer | null> | null {
    return opportunity.customerId ? loaders.customer.load(opportunity.customerId) : null;
  }

  @FieldResolver(() => MarketingTask, { nullable: true, description: "The marketing task it started from." })
  marketingTask(@Root() opportunity: Opportunity, @Ctx() { loaders }: Context): Promise<MarketingTask | null> | null {
    return opportunity.marketingTaskId ? loaders.marketingTask.load(opportunity.marketingTaskId) : null;
  }
}
