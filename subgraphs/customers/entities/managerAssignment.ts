import { Field, ObjectType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { DateTimeScalar } from "../../../common/scalars.js";
import { Staff } from "./staff.js";

/** History of who managed a customer for a partner, and from when to when. */
@ObjectType({ description: "A period in which a customer manager managed a customer." })
@Entity({ name: "manager_assignments" })
@Index(["customerId", "assignedAt"])
export class ManagerAssignment {
  @PrimaryColumn({ type: "varchar", length: 36 })
  id!: string;

  @Column({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  @Column({ name: "customer_id", type: "varchar", length: 36 })
  customerId!: string;

  @Column({ name: "manager_id", type: "varchar", length: 36 })
  managerId!: string;

  @Field(() => Staff, { description: "The customer manager." })
  get manager(): Staff {
    return { id: this.managerId };
  }

  @Field(() => DateTimeScalar, {
    description: "When the manager was assigned: their view of the customer's consumption starts here.",
  })
  @Column({ name: "assigned_at", type: "varchar", length: 24 })
  assignedAt!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the assignment ended; null for the current one." })
  @Column({ name: "ended_at", type: "varchar", length: 24, nullable: true })
  endedAt!: string | null;
}
