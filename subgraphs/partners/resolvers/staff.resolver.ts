import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { SubgraphContext } from "../../common/context.js";
import { Partner } from "../entities/partner.js";
import { Staff } from "../entities/staff.js";
import type { PartnersLoaders } from "../loaders.js";

type Context = SubgraphContext<PartnersLoaders>;

@Resolver(() => Staff)
export class StaffResolver {
  @FieldResolver(() => Partner, { description: "The partner this person works for." })
  async partner(@Root() staff: Staff, @Ctx() { loaders }: Context): Promise<Partner> {
    return (await loaders.partner.load(staff.partnerId))!;
  }

  @FieldResolver(() => Staff, { nullable: true, description: "For a customer manager: the supervisor they report to." })
  supervisor(@Root() staff: Staff, @Ctx() { loaders }: Context): Promise<Staff | null> | null {
    return staff.supervisorId ? loaders.staff.load(staff.supervisorId) : null;
  }

  @FieldResolver(() => [Staff], { description: "For a supervisor: the customer managers who report to them." })
  reports(@Root() staff: Staff, @Ctx() { loaders }: Context): Promise<Staff[]> {
    return loaders.reports.load(staff.id);
  }
}

/** Resolves `Staff` references from other subgraphs, within the caller's partner only. */
export const staffReference = {
  __resolveReference: (reference: { id: string }, { loaders }: Context) => loaders.staff.load(reference.id),
};
