import { Repeater } from "@repeaterjs/repeater";
import { Args, ArgsType, Ctx, Directive, Field, Query, Resolver, Root, Subscription } from "type-graphql";
import { requireRole } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { decodeCursor, encodeCursor } from "../../common/pagination.js";
import { feedOf } from "../approvalFeed.js";
import { BY_SEQUENCE } from "../approvals.js";
import { ApprovalKind, ApprovalResult } from "../entities/approvalResult.js";
import type { CustomersLoaders } from "../loaders.js";
import { approvalResultsVisibleTo } from "./approvalResult.resolver.js";

type Context = SubgraphContext<CustomersLoaders>;

const PAGE = 100;

@ArgsType()
export class ApprovalResultSubscriptionArgs {
  @Field(() => String, {
    nullable: true,
    description:
      "Replay every result after this cursor (of the approvalResults history or of an earlier event), then continue live; without it, live results only.",
  })
  after?: string | null;

  @Field(() => [ApprovalKind], { nullable: true, description: "Only results of these kinds." })
  kinds?: ApprovalKind[] | null;
}

async function newestSequence(context: Context): Promise<number> {
  const row = await context.db
    .getRepository(ApprovalResult)
    .createQueryBuilder("result")
    .select("MAX(result.sequence)", "newest")
    .getRawOne<{ newest: number | null }>();
  return Number(row?.newest ?? 0);
}

/**
 * The caller's approval results after a position, in sequence order, then live: each wake of
 * the feed reads what is new for the caller with the same SQL visibility as the history.
 */
function approvalStream(
  context: Context,
  { after, kinds }: ApprovalResultSubscriptionArgs,
): AsyncIterable<ApprovalResult> {
  if (context.actor.role !== "customer")
    requireRole(context.actor, ["admin", "supervisor", "manager", "analyst"], "subscribe to approval results");
  const from = after != null ? Number(decodeCursor("after", after, BY_SEQUENCE.name)[0]) : null;
  const feed = feedOf(context.db);
  return new Repeater<ApprovalResult>(async (push, stop) => {
    let stopped = false;
    void stop.then(() => (stopped = true));
    try {
      let position = from ?? (await newestSequence(context));
      while (!stopped) {
        const woken = feed.next();
        const rows = await (
          await approvalResultsVisibleTo(context, kinds)
        )
          .andWhere("result.sequence > :position", { position })
          .orderBy("result.sequence", "ASC")
          .limit(PAGE)
          .getMany();
        for (const row of rows) {
          if (stopped) break;
          await push(row);
          position = row.sequence;
        }
        if (rows.length < PAGE) await Promise.race([woken, stop]);
      }
    } catch (error) {
      // A read still under way when the subscriber left (the server closing its database
      // after its sockets) has nobody to report to; any other failure ends the stream with it.
      if (!stopped) throw error;
    }
  });
}

@Resolver(() => ApprovalResult)
export class ApprovalSubscriptionResolver {
  @Subscription(() => ApprovalResult, {
    description:
      "Approval results as they are decided, for the caller's customers (a customer: its own). With `after`, every result since that cursor first: none is lost across a disconnect or a restart.",
    subscribe: ({ args, context }) => approvalStream(context as Context, args as ApprovalResultSubscriptionArgs),
  })
  approvalResults(
    @Root() result: ApprovalResult,
    @Args(() => ApprovalResultSubscriptionArgs) _args: ApprovalResultSubscriptionArgs,
  ): ApprovalResult {
    return result;
  }

  @Directive("@inaccessible")
  @Query(() => String, {
    description:
      "A cursor at the newest approval result: where a live subscription starts; for the gateway's resumes, not clients.",
  })
  async approvalResultsHead(@Ctx() context: Context): Promise<string> {
    return encodeCursor(BY_SEQUENCE.name, [await newestSequence(context), ""]);
  }
}
