import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root, UseMiddleware } from "type-graphql";
import { requireRole } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { badUserInput } from "../../../common/errors.js";
import { StaffOnly } from "../../common/staffOnly.js";
import { DevelopmentPath } from "../entities/developmentPath.js";
import { Partner } from "../entities/partner.js";
import type { PartnersLoaders } from "../loaders.js";
import { refuse } from "../rules.js";

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
    if (!reason.trim() || reason.length > 500) throw badUserInput("reason", "reason must be 1 to 500 characters.");
    return db.transaction(async (tx) => {
      const path = await tx.getRepository(DevelopmentPath).findOneBy({ partnerId: admin.partnerId });
      if (!path) throw refuse("not-on-development-path", "Your partner is not on the development path.");
      if (path.exitedAt)
        throw refuse("already-exited", `Your partner exited the development path on ${path.exitedAt}.`);
      Object.assign(path, { exitedAt: new Date().toISOString(), exitReason: reason.trim() });
      await tx.getRepository(DevelopmentPath).save(path);
      return path;
    });
  }
}
