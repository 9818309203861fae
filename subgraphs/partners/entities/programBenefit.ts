import { Field, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity } from "typeorm";
import { IdColumn, RefColumn } from "../../common/columns.js";

/** A right (权益) that joining a program grants, e.g. a marketing fund or a voucher quota. */
@ObjectType({ description: "A benefit (权益) a program grants its members." })
@Entity({ name: "program_benefits" })
export class ProgramBenefit {
  @Field(() => ID, { description: "The benefit's id." })
  @IdColumn()
  id!: string;

  @RefColumn({ name: "program_id" })
  programId!: string;

  @Field(() => String, { description: "The benefit's name." })
  @Column({ type: "varchar", length: 100 })
  name!: string;

  @Field(() => String, { description: "What the benefit gives the partner." })
  @Column({ type: "varchar", length: 500 })
  description!: string;

  @Field(() => Int, { description: "How long a granted benefit stays usable, in days." })
  @Column({ name: "validity_days", type: "integer" })
  validityDays!: number;
}
