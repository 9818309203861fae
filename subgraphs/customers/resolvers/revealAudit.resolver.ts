import { Args, Ctx, ObjectType, Query, Resolver } from "type-graphql";
import { requireRole } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import {
  connection,
  ConnectionArgs,
  ConnectionType,
  type Connection,
  type SortOrder,
} from "../../common/pagination.js";
import { RevealAudit } from "../entities/revealAudit.js";

@ObjectType({ description: "A page of the reveal audit log by cursor." })
export class RevealAuditConnection extends ConnectionType(RevealAudit) {}

const NEWEST_FIRST: SortOrder<RevealAudit> = {
  name: "revealedAt:DESC",
  column: "audit.revealed_at",
  idColumn: "audit.id",
  direction: "DESC",
  keyOf: (a) => a.revealedAt,
  idOf: (a) => a.id,
};

@Resolver(() => RevealAudit)
export class RevealAuditResolver {
  @Query(() => RevealAuditConnection, {
    description: "Every reveal of a masked customer field by my partner's staff, newest first (admin).",
  })
  revealAudits(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() { actor, db }: SubgraphContext<unknown>,
  ): Promise<Connection<RevealAudit>> {
    const admin = requireRole(actor, ["admin"], "read the reveal audit log");
    return connection(
      db
        .getRepository(RevealAudit)
        .createQueryBuilder("audit")
        .where("audit.partner_id = :partnerId", { partnerId: admin.partnerId }),
      NEWEST_FIRST,
      args,
    );
  }
}
