import { Args, Ctx, ObjectType, Query, Resolver } from "type-graphql";
import { requireStaff, type Actor } from "../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { forbidden } from "../../common/errors.js";
import { connection, ConnectionArgs, ConnectionType, OffsetArgs, offsetPage, PageType, type Connection, type Page, type SortOrder } from "../../common/pagination.js";
import { IncentiveNotice } from "../entities/incentiveNotice.js";

type Context = SubgraphContext<unknown>;

@ObjectType({ description: "A page of incentive notices by cursor." })
export class IncentiveNoticeConnection extends ConnectionType(IncentiveNotice) {}

@ObjectType({ description: "A page of incentive notices by offset and limit." })
export class IncentiveNoticePage extends PageType(IncentiveNotice) {}

const NEWEST_PERIOD_FIRST: SortOrder<IncentiveNotice> = {
  name: "period:DESC",
  column: "notice.period",
  idColumn: "notice.id",
  direction: "DESC",
  keyOf: (notice) => notice.period,
  idOf: (notice) => notice.id,
};

/** The partner's notices; customer managers have no access to partner incentives. */
function noticesOf(actor: Actor, db: Context["db"]) {
  const staff = requireStaff(actor);
  if (staff.role === "manager") throw forbidden("Customer managers have no access to the partner's incentives.");
  return db.getRepository(IncentiveNotice).createQueryBuilder("notice").where("notice.partner_id = :partnerId", { partnerId: staff.partnerId });
}

@Resolver(() => IncentiveNotice)
export class IncentiveNoticeResolver {
  @Query(() => IncentiveNoticeConnection, { description: "My partner's incentive notices, newest period first, by cursor." })
  incentiveNotices(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() { actor, db }: Context): Promise<Connection<IncentiveNotice>> {
    return connection(noticesOf(actor, db), NEWEST_PERIOD_FIRST, args);
  }

  @Query(() => IncentiveNoticePage, { description: "My partner's incentive notices, newest period first, by offset and limit." })
  incentiveNoticesPage(@Args(() => OffsetArgs) args: OffsetArgs, @Ctx() { actor, db }: Context): Promise<Page<IncentiveNotice>> {
    return offsetPage(noticesOf(actor, db), NEWEST_PERIOD_FIRST, args);
  }
}
