import { Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from "type-graphql";
import { requireStaff } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { DateTimeScalar } from "../../../common/scalars.js";
import type { CustomersLoaders } from "../loaders.js";

@Directive("@inaccessible")
@ObjectType({ description: "A customer in the caller's scope, and from when its consumption counts for the caller." })
export class ScopedCustomer {
  @Field(() => ID)
  id!: string;

  @Field(() => DateTimeScalar, {
    description: "For a manager or supervisor: when the customer was assigned to its manager.",
  })
  countsFrom!: string;
}

@Directive("@inaccessible")
@ObjectType({ description: "The customers the caller sees, for other subgraphs." })
export class CustomerScope {
  @Field(() => Boolean, { description: "Admin and analyst: all of the partner's customers, from their association." })
  wholePartner!: boolean;

  @Field(() => [ScopedCustomer], { description: "Otherwise: exactly these customers, each from its assignment." })
  customers!: ScopedCustomer[];
}

/**
 * Billing's lists, dashboard and export need to know which customers a manager or supervisor
 * sees and from when (the from-assignment rule). This answers that, with the same SQL
 * visibility as every customer list, to billing only (`@inaccessible`).
 */
@Resolver()
export class ScopeResolver {
  @Directive("@inaccessible")
  @Query(() => CustomerScope, { description: "The caller's customer scope; for other subgraphs, not clients." })
  async customerScope(@Ctx() { actor, loaders }: SubgraphContext<CustomersLoaders>): Promise<CustomerScope> {
    const staff = requireStaff(actor);
    if (staff.role === "admin" || staff.role === "analyst") return { wholePartner: true, customers: [] };
    const visible = await (
      await loaders.visible()
    )
      .select("customer.id", "id")
      .addSelect("association.manager_assigned_at", "countsFrom")
      .getRawMany<ScopedCustomer>();
    return { wholePartner: false, customers: visible };
  }
}
