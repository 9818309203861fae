import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root, UseMiddleware } from "type-graphql";
import { requireRole } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { StaffOnly } from "../../common/staffOnly.js";
import { DevelopmentPath } from "../entities/developmentPath.js";
import { Partner } from "../entities/partner.js";
import type { PartnersLoaders } from "../loaders.js";
import { assertMayExit, checkExitReason } from "../developmentPath.js";

type Context = SubgraphContext<PartnersLoaders>;

@Resolver(() => Partner)
export class DevelopmentPathResolver {
  @FieldResolver(() => DevelopmentPath, {
    nullable: true,
    description: "My partner's place on the development path; null if it never joined. Staff only.",
  })
  @UseMiddleware(StaffOnly)
  developmentPath(@Root() partner: Partner, @Ctx() { loaders }: Context): Promise<DevelopmentPath | null> {
    return loaders.developmentPath.load(partner.id);
  }

  @Mutation(() => DevelopmentPath, { description: "Exit the partner development path (admin), with a reason." })
  async exitDevelopmentPath(
    @Arg("reason", () => String, { description: "Why the partner exits." }) reason: string,
    @Ctx() { actor, db }: Context,
  ): Promise<DevelopmentPath> {
    const admin = requireRole(actor, ["admin"], "exit the development path");
    const why = checkExitReason(reason);
    return db.transaction(async (tx) => {
      const path = await tx.getRepository(DevelopmentPath).findOneBy({ partnerId: admin.partnerId });
      assertMayExit(path);
      Object.assign(path, { exitedAt: new Date().toISOString(), exitReason: why });
      await tx.getRepository(DevelopmentPath).save(path);
      return path;
    });
  }
}
