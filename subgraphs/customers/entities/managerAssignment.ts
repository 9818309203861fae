import { Field, ObjectType } from "type-graphql";
import { Entity, Index } from "typeorm";
import { DateTimeScalar } from "../../../common/scalars.js";
import { Staff } from "./staff.js";
import { IdColumn, RefColumn, InstantColumn } from "../../common/columns.js";

/** History of who managed a customer for a partner, and from when to when. */
@ObjectType({ description: "A period in which a customer manager managed a customer." })
@Entity({ name: "manager_assignments" })
@Index(["customerId", "assignedAt"])
export class ManagerAssignment {
  @IdColumn()
  id!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  @RefColumn({ name: "customer_id" })
  customerId!: string;

  @RefColumn({ name: "manager_id" })
  managerId!: string;

  @Field(() => Staff, { description: "The customer manager." })
  get manager(): Staff {
    return { id: this.managerId };
  }

  @Field(() => DateTimeScalar, {
    description: "When the manager was assigned: their view of the customer's consumption starts here.",
  })
  @InstantColumn({ name: "assigned_at" })
  assignedAt!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the assignment ended; null for the current one." })
  @InstantColumn({ name: "ended_at", nullable: true })
  endedAt!: string | null;
}
