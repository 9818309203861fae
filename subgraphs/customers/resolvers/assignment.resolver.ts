import { ADDED_TO_ENTITY } from "../../common/federation.js";
import { Arg, Args, Ctx, Field, FieldResolver, ID, InputType, Mutation, Resolver, Root } from "type-graphql";
import { requireRole } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { notFound } from "../../../common/errors.js";
import { ConnectionArgs, type Connection } from "../../common/pagination.js";
import { Customer } from "../entities/customer.js";
import { ManagerAssignment } from "../entities/managerAssignment.js";
import { Staff } from "../entities/staff.js";
import type { CustomersLoaders } from "../loaders.js";
import { CustomerConnection } from "./customer.resolver.js";
import { assertMayAssign, assignManager } from "../assignment.js";

type Context = SubgraphContext<CustomersLoaders>;

@InputType({ description: "Who should manage a customer." })
export class AssignCustomerManagerInput {
  @Field(() => ID, { description: "The customer." })
  customerId!: string;

  @Field(() => ID, { nullable: true, description: "The customer manager; null to leave the customer unassigned." })
  managerId?: string | null;
}

@Resolver(() => Customer)
export class AssignmentResolver {
  @Mutation(() => Customer, {
    description:
      "Assign a customer to a customer manager (admin: any of the partner's managers; supervisor: the managers under them, for their team's customers). The manager sees consumption from now on.",
  })
  async assignCustomerManager(
    @Arg("input", () => AssignCustomerManagerInput, { description: "The customer and its new manager." })
    input: AssignCustomerManagerInput,
    @Ctx() { actor, db, loaders }: Context,
  ): Promise<Customer> {
    const staff = requireRole(actor, ["admin", "supervisor"], "assign customer managers");
    const customer = await loaders.customer.load(input.customerId);
    if (!customer) throw notFound("customer", input.customerId);
    const managerId = input.managerId ?? null;
    if (managerId && (await loaders.staff.load(managerId))?.role !== "MANAGER")
      throw notFound("customer manager", managerId);
    // A supervisor's team is asked of partners only when it decides something.
    const team = staff.role === "supervisor" && managerId ? await loaders.team(staff.staffId!) : [];
    assertMayAssign(managerId, {
      assigner: staff.role === "supervisor" ? "supervisor" : "admin",
      team,
      currentManagerId: customer.association.managerId,
    });
    const now = new Date().toISOString();
    await db.transaction((tx) => assignManager(tx, customer, staff.partnerId, managerId, now));
    Object.assign(customer.association, { managerId, managerAssignedAt: managerId ? now : null });
    return customer;
  }

  @FieldResolver(() => [ManagerAssignment], {
    description: "Who managed the customer for my partner, and when, oldest first.",
  })
  managerHistory(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<ManagerAssignment[]> {
    return loaders.assignmentsOf.load(customer.id);
  }
}

@Resolver(() => Staff)
export class StaffCustomersResolver {
  @FieldResolver(() => CustomerConnection, {
    ...ADDED_TO_ENTITY,
    description: "The customers assigned to this customer manager that the caller may see, newest association first.",
  })
  async customers(
    @Root() staff: Staff,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() { loaders }: Context,
  ): Promise<Connection<Customer>> {
    return loaders.customersOfManager(args).load(staff.id);
  }
}
