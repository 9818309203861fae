import { Ctx, Query, Resolver } from "type-graphql";
import type { SubgraphContext } from "../../common/context.js";
import { isStaff } from "../../../common/actor.js";
import type { PartnersLoaders } from "../loaders.js";
import { Viewer, ViewerRole } from "./viewer.js";

@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, {
    description: "Who the token says I am: my role, my partner, my staff record or customer account.",
  })
  async me(@Ctx() { actor, loaders }: SubgraphContext<PartnersLoaders>): Promise<Viewer> {
    const viewer = Object.assign(new Viewer(), {
      subject: actor.subject,
      role: actor.role.toUpperCase() as ViewerRole,
    });
    if (isStaff(actor)) {
      viewer.partnerId = actor.partnerId;
      viewer.partner = await loaders.partner.load(actor.partnerId);
      viewer.staff = actor.staffId ? await loaders.staff.load(actor.staffId) : null;
    } else if (actor.role === "customer") {
      viewer.customer = { id: actor.customerId };
    }
    return viewer;
  }
}
