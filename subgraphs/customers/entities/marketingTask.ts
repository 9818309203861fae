import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { DateTimeScalar } from "../../../common/scalars.js";
import { IdColumn, RefColumn, InstantColumn } from "../../common/columns.js";

/** A marketing task (营销任务) the platform gives a partner; opportunities can start from one. */
@ObjectType({ description: "A marketing task (营销任务) of my partner; an opportunity can be created from it." })
@Entity({ name: "marketing_tasks" })
@Index(["partnerId"])
export class MarketingTask {
  @Field(() => ID, { description: "The task's id." })
  @IdColumn()
  id!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  @Field(() => String, { description: "The task's name." })
  @Column({ type: "varchar", length: 100 })
  name!: string;

  @Field(() => String, { description: "What the task asks for." })
  @Column({ type: "varchar", length: 500 })
  description!: string;

  @Field(() => DateTimeScalar, { description: "When the task starts." })
  @InstantColumn({ name: "starts_at" })
  startsAt!: string;

  @Field(() => DateTimeScalar, { description: "When the task ends; no opportunity can start from it afterwards." })
  @InstantColumn({ name: "ends_at" })
  endsAt!: string;
}
