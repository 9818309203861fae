import { Arg, Ctx, FieldResolver, Query, Resolver, Root, UseMiddleware } from "type-graphql";
import { isStaff } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { StaffOnly } from "../../common/staffOnly.js";
import { Partner } from "../entities/partner.js";
import { Staff, StaffRole } from "../entities/staff.js";
import type { PartnersLoaders } from "../loaders.js";

type Context = SubgraphContext<PartnersLoaders>;

@Resolver(() => Partner)
export class PartnerResolver {
  @Query(() => Partner, {
    nullable: true,
    description: "My partner: the partner company of the caller's token; null for customers.",
  })
  partner(@Ctx() { actor, loaders }: Context): Promise<Partner | null> | null {
    return isStaff(actor) ? loaders.partner.load(actor.partnerId) : null;
  }

  @FieldResolver(() => [Staff], { description: "The partner's staff, by name; optionally only one role. Staff only." })
  @UseMiddleware(StaffOnly)
  async staff(
    @Root() partner: Partner,
    @Ctx() { loaders }: Context,
    @Arg("role", () => StaffRole, { nullable: true, description: "Only staff of this role." }) role?: StaffRole | null,
  ): Promise<Staff[]> {
    const staff = await loaders.staffOfPartner.load(partner.id);
    return role ? staff.filter((member) => member.role === role) : staff;
  }
}

/** Resolves `Partner` references from other subgraphs, within the caller's partner only. */
export const partnerReference = {
  __resolveReference: (reference: { id: string }, { loaders }: Context) => loaders.partner.load(reference.id),
};
