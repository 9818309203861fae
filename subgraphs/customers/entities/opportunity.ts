import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { minorUnits, money, Money } from "../../common/money.js";
import { DateScalar, DateTimeScalar } from "../../../common/scalars.js";

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
  @PrimaryColumn({ type: "varchar", length: 36 })
  id!: string;

  @Column({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  @Field(() => OpportunitySource, { description: "Where it started." })
  @Column({ type: "varchar", length: 20 })
  source!: OpportunitySource;

  @Column({ name: "customer_id", type: "varchar", length: 36, nullable: true })
  customerId!: string | null;

  @Column({ name: "marketing_task_id", type: "varchar", length: 36, nullable: true })
  marketingTaskId!: string | null;

  /** The customer manager who owns it, when a manager created it. */
  @Column({ name: "owner_id", type: "varchar", length: 36, nullable: true })
  ownerId!: string | null;

  @Field(() => String, { description: "A short name for the opportunity." })
  @Column({ type: "varchar", length: 100 })
  name!: string;

  @Field(() => OpportunityStatus, { description: "Draft (step one) or submitted (step two)." })
  @Column({ type: "varchar", length: 20 })
  status!: OpportunityStatus;

  @Column({ name: "expected_amount", type: "bigint", nullable: true, transformer: minorUnits })
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
  @Column({ name: "created_at", type: "varchar", length: 24 })
  createdAt!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: "When step two was done." })
  @Column({ name: "submitted_at", type: "varchar", length: 24, nullable: true })
  submittedAt!: string | null;
}
