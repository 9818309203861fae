import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { money, Money } from "../../common/money.js";
import { DateScalar, DateTimeScalar } from "../../../common/scalars.js";
import { IdColumn, RefColumn, InstantColumn, FenColumn } from "../../common/columns.js";

export enum OpportunitySource {
  CUSTOMER = "CUSTOMER",
  MARKETING_TASK = "MARKETING_TASK",
}
registerEnumType(OpportunitySource, {
  name: "OpportunitySource",
  description: "Where an opportunity started.",
  valuesConfig: {
    CUSTOMER: { description: "From one of my customers." },
    MARKETING_TASK: { description: "From a marketing task (营销任务)." },
  },
});

export enum OpportunityStatus {
  DRAFT = "DRAFT",
  SUBMITTED = "SUBMITTED",
}
registerEnumType(OpportunityStatus, {
  name: "OpportunityStatus",
  description: "The two steps of creating an opportunity.",
  valuesConfig: {
    DRAFT: { description: "Step one done: created, details still to give." },
    SUBMITTED: { description: "Step two done: details given and submitted." },
  },
});

/** An opportunity (商机), created in two steps: started from a customer or a marketing task, then detailed and submitted. */
@ObjectType({
  description:
    "A sales opportunity (商机). Created in two steps: start it from a customer or a marketing task, then give its details and submit.",
})
@Entity({ name: "opportunities" })
@Index(["partnerId", "createdAt"])
export class Opportunity {
  @Field(() => ID, { description: "The opportunity's id." })
  @IdColumn()
  id!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  @Field(() => OpportunitySource, { description: "Where it started." })
  @Column({ type: "varchar", length: 20 })
  source!: OpportunitySource;

  @RefColumn({ name: "customer_id", nullable: true })
  customerId!: string | null;

  @RefColumn({ name: "marketing_task_id", nullable: true })
  marketingTaskId!: string | null;

  /** The customer manager who owns it, when a manager created it. */
  @RefColumn({ name: "owner_id", nullable: true })
  ownerId!: string | null;

  @Field(() => String, { description: "A short name for the opportunity." })
  @Column({ type: "varchar", length: 100 })
  name!: string;

  @Field(() => OpportunityStatus, { description: "Draft (step one) or submitted (step two)." })
  @Column({ type: "varchar", length: 20 })
  status!: OpportunityStatus;

  @FenColumn({ name: "expected_amount", nullable: true })
  expectedAmountFen!: bigint | null;

  @Field(() => Money, { nullable: true, description: "Expected contract amount; given in step two." })
  get expectedAmount(): Money | null {
    return this.expectedAmountFen === null ? null : money(this.expectedAmountFen);
  }

  @Field(() => String, {
    nullable: true,
    description: 'Products or services involved, e.g. "ECS, RDS"; given in step two.',
  })
  @Column({ type: "varchar", length: 200, nullable: true })
  products!: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Expected closing day; given in step two." })
  @Column({ name: "expected_close_date", type: "varchar", length: 10, nullable: true })
  expectedCloseDate!: string | null;

  @Column({ name: "created_by", type: "varchar", length: 128 })
  createdBy!: string;

  @Field(() => DateTimeScalar, { description: "When step one was done." })
  @InstantColumn({ name: "created_at" })
  createdAt!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: "When step two was done." })
  @InstantColumn({ name: "submitted_at", nullable: true })
  submittedAt!: string | null;
}
