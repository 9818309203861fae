import { Field, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity } from "typeorm";
import { IdColumn } from "../../common/columns.js";

/** A capability label (能力标签) the platform certifies, reviewed in a cycle with a service level. */
@ObjectType({ description: "A capability label (能力标签) a partner can be certified for, e.g. cloud migration." })
@Entity({ name: "capability_labels" })
export class CapabilityLabel {
  @Field(() => ID, { description: "The label's id." })
  @IdColumn()
  id!: string;

  @Field(() => String, { description: 'Short code, e.g. "MIGRATION".' })
  @Column({ type: "varchar", length: 40 })
  code!: string;

  @Field(() => String, { description: "The label's name." })
  @Column({ type: "varchar", length: 100 })
  name!: string;

  @Field(() => Int, {
    description: "Service level of a review: the platform decides within this many working days of the application.",
  })
  @Column({ name: "review_working_days", type: "integer" })
  reviewWorkingDays!: number;
}
