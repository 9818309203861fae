import { ADDED_TO_ENTITY } from "../../common/federation.js";
import { randomUUID } from "node:crypto";
import { Arg, Args, Ctx, Field, FieldResolver, ID, InputType, Mutation, Resolver, Root } from "type-graphql";
import { IsNull } from "typeorm";
import { requireRole } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { notFound } from "../../../common/errors.js";
import { ConnectionArgs, type Connection } from "../../common/pagination.js";
import { Association } from "../entities/association.js";
import { Customer } from "../entities/customer.js";
import { ManagerAssignment } from "../entities/managerAssignment.js";
import { Staff } from "../entities/staff.js";
import type { CustomersLoaders } from "../loaders.js";
import { CustomerConnection } from "./customer.resolver.js";
import { refuse } from "../rules.js";

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
    if (managerId) {
      const manager = await loaders.staff.load(managerId);
      if (manager?.role !== "MANAGER") throw notFound("customer manager", managerId);
      if (staff.role === "supervisor" && !(await loaders.team(staff.staffId!)).includes(managerId)) {
        throw refuse("not-in-your-team", "A supervisor assigns customers only to the customer managers under them.");
      }
    } else if (staff.role === "supervisor") {
      throw refuse("not-in-your-team", "A supervisor cannot leave a customer unassigned: it would leave their team.");
    }
    if (customer.association.managerId === managerId)
      throw refuse(
        "already-assigned",
        managerId ? "The customer is already assigned to this manager." : "The customer is already unassigned.",
      );
    const now = new Date().toISOString();
    await db.transaction(async (tx) => {
      await tx
        .getRepository(ManagerAssignment)
        .update({ customerId: customer.id, partnerId: staff.partnerId, endedAt: IsNull() }, { endedAt: now });
      if (managerId)
        await tx.getRepository(ManagerAssignment).insert({
          id: randomUUID(),
          partnerId: staff.partnerId,
          customerId: customer.id,
          managerId,
          assignedAt: now,
          endedAt: null,
        });
      await tx
        .getRepository(Association)
        .update({ id: customer.association.id }, { managerId, managerAssignedAt: managerId ? now : null });
    });
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
