import {
  Args,
  ArgsType,
  Ctx,
  Directive,
  Field,
  FieldResolver,
  Int,
  ObjectType,
  Query,
  Mutation,
  Resolver,
  Root,
  Arg,
} from "type-graphql";
import type { SelectQueryBuilder } from "typeorm";
import type { Actor } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { connection, ConnectionArgs, ConnectionType, type Connection } from "../../common/pagination.js";
import { requireRole } from "../../../common/actor.js";
import { forbidden } from "../../../common/errors.js";
import { BY_SEQUENCE, cursorOf, recordDecision } from "../approvals.js";
import { ApprovalKind, ApprovalResult, ApprovalStatus, DecidedBy, NO_CUSTOMER } from "../entities/approvalResult.js";
import { Customer } from "../entities/customer.js";
import type { CustomersLoaders } from "../loaders.js";

type Context = SubgraphContext<CustomersLoaders>;

@ObjectType({ description: "Approval results by cursor, oldest first: the history partner apps replay from." })
export class ApprovalResultConnection extends ConnectionType(ApprovalResult) {}

@ArgsType()
export class ApprovalResultsArgs extends ConnectionArgs {
  @Field(() => [ApprovalKind], { nullable: true, description: "Only results of these kinds." })
  kinds?: ApprovalKind[] | null;
}

/**
 * The approval results an actor may see, as SQL: the partner's for admin and analyst, those of
 * customers a manager managed when it was decided, a supervisor's team's, a customer's own.
 */
export async function approvalResultsVisibleTo(
  context: Context,
  kinds?: ApprovalKind[] | null,
): Promise<SelectQueryBuilder<ApprovalResult>> {
  const qb = context.db.getRepository(ApprovalResult).createQueryBuilder("result");
  const actor: Actor = context.actor;
  switch (actor.role) {
    case "admin":
    case "analyst":
      qb.where("result.partner_id = :partnerId", { partnerId: actor.partnerId });
      break;
    case "manager":
      qb.where("result.partner_id = :partnerId AND result.manager_id = :staffId", {
        partnerId: actor.partnerId,
        staffId: actor.staffId,
      });
      break;
    case "supervisor": {
      const team = await context.loaders.team(actor.staffId!);
      qb.where(team.length ? "result.partner_id = :partnerId AND result.manager_id IN (:...team)" : "1 = 0", {
        partnerId: actor.partnerId,
        team,
      });
      break;
    }
    case "customer":
      qb.where("result.customer_id = :customerId", { customerId: actor.customerId });
      break;
    default:
      qb.where("1 = 0");
  }
  if (kinds?.length) qb.andWhere("result.kind IN (:...kinds)", { kinds });
  return qb;
}

@Resolver(() => ApprovalResult)
export class ApprovalResultResolver {
  @Query(() => ApprovalResultConnection, {
    description:
      "Decisions on my partner's customers' associations, oldest first; `after` continues from any result's cursor.",
  })
  async approvalResults(
    @Args(() => ApprovalResultsArgs) args: ApprovalResultsArgs,
    @Ctx() context: Context,
  ): Promise<Connection<ApprovalResult>> {
    if (context.actor.role !== "customer")
      requireRole(context.actor, ["admin", "supervisor", "manager", "analyst"], "read approval results");
    return connection(await approvalResultsVisibleTo(context, args.kinds), BY_SEQUENCE, args);
  }

  @Directive("@inaccessible")
  @Query(() => [ApprovalResult], {
    description: "The outbox after a sequence number, for other subgraphs (billing's effects); not for clients.",
  })
  async approvalResultsFeed(
    @Arg("afterSequence", () => Int) afterSequence: number,
    @Arg("limit", () => Int, { defaultValue: 100 }) limit: number,
    @Ctx() { actor, db }: Context,
  ): Promise<ApprovalResult[]> {
    if (actor.role !== "service") return [];
    return db
      .getRepository(ApprovalResult)
      .createQueryBuilder("result")
      .where("result.sequence > :afterSequence", { afterSequence })
      .orderBy("result.sequence", "ASC")
      .limit(Math.min(limit, 500))
      .getMany();
  }

  @FieldResolver(() => String, { description: "Position in the history: pass it as `after` to continue from here." })
  cursor(@Root() result: ApprovalResult): string {
    return cursorOf(result);
  }

  @Directive("@inaccessible")
  @FieldResolver(() => Int, { description: "Outbox sequence number, for other subgraphs." })
  sequence(@Root() result: ApprovalResult): number {
    return result.sequence;
  }

  @Directive("@inaccessible")
  @FieldResolver(() => String, { description: "The partner, for other subgraphs." })
  partnerId(@Root() result: ApprovalResult): string {
    return result.partnerId;
  }

  @Directive("@inaccessible")
  @FieldResolver(() => String, { description: "The customer's id, for other subgraphs." })
  customerId(@Root() result: ApprovalResult): string {
    return result.customerId;
  }

  @FieldResolver(() => Customer, {
    nullable: true,
    description:
      "The customer decided about, as the partner knew it then (also after a dissociation); null for a voucher quota application.",
  })
  async customer(@Root() result: ApprovalResult, @Ctx() { loaders }: Context): Promise<Customer | null> {
    if (result.customerId === NO_CUSTOMER) return null;
    return loaders.customerAsOf.load(`${result.partnerId}:${result.customerId}`);
  }

  @Directive("@inaccessible")
  @Mutation(() => Boolean, {
    description:
      "Puts a platform reviewer's decision on a partner's voucher quota application on the feed, once per application; called by billing, not by clients.",
  })
  async recordQuotaDecision(
    @Arg("applicationId", () => String, { description: "The application decided." }) applicationId: string,
    @Arg("partnerId", () => String, { description: "The partner that applied." }) partnerId: string,
    @Arg("approved", () => Boolean, { description: "true: granted; false: rejected." }) approved: boolean,
    @Arg("comment", () => String, { nullable: true, description: "The reviewer's comment." }) comment: string | null,
    @Arg("decidedAt", () => String, { description: "When the reviewer decided." }) decidedAt: string,
    @Ctx() { actor, db }: Context,
  ): Promise<boolean> {
    if (actor.role !== "service") throw forbidden("Only another subgraph records quota decisions.");
    const kind = ApprovalKind.VOUCHER_QUOTA_APPLICATION;
    // A unique index on (kind, request_id) keeps a repeated call, even a concurrent one, to one result.
    return db
      .transaction(async (tx) => {
        if (await tx.getRepository(ApprovalResult).existsBy({ kind, requestId: applicationId })) return;
        await recordDecision(tx, {
          partnerId,
          customerId: NO_CUSTOMER,
          managerId: null,
          kind,
          status: approved ? ApprovalStatus.APPROVED : ApprovalStatus.REJECTED,
          requestId: applicationId,
          decidedBy: DecidedBy.PLATFORM,
          comment,
          decidedAt,
        });
      })
      .then(() => true);
  }
}
