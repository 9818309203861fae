import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { IdColumn, RefColumn } from "../../common/columns.js";

export enum StaffRole {
  ADMIN = "ADMIN",
  SUPERVISOR = "SUPERVISOR",
  MANAGER = "MANAGER",
  ANALYST = "ANALYST",
}
registerEnumType(StaffRole, {
  name: "StaffRole",
  description: "What a member of a partner's staff may see and do.",
  valuesConfig: {
    ADMIN: { description: "Partner admin: everything of the partner." },
    SUPERVISOR: {
      description: "Customer manager supervisor (客户经理主管): the customers of every manager under them.",
    },
    MANAGER: {
      description: "Customer manager (客户经理): only the customers assigned to them, counted from the assignment.",
    },
    ANALYST: { description: "Analyst: reads the partner's data for exploration; changes nothing." },
  },
});

@Directive('@key(fields: "id")')
@ObjectType({ description: "A person on a partner's staff." })
@Entity({ name: "staff" })
@Index(["partnerId", "role"])
@Index(["supervisorId"])
export class Staff {
  @Field(() => ID, { description: "The staff member's id." })
  @IdColumn()
  id!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  @Field(() => String, { description: "The staff member's name." })
  @Column({ type: "varchar", length: 100 })
  name!: string;

  @Field(() => String, { description: "Work e-mail address." })
  @Column({ type: "varchar", length: 200 })
  email!: string;

  @Field(() => StaffRole, { description: "What this person may see and do." })
  @Column({ type: "varchar", length: 20 })
  role!: StaffRole;

  /** For a customer manager: the supervisor they report to. */
  @RefColumn({ name: "supervisor_id", nullable: true })
  supervisorId!: string | null;
}
