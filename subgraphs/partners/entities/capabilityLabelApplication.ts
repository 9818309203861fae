import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { DateTimeScalar } from "../../../common/scalars.js";
import { IdColumn, RefColumn, InstantColumn } from "../../common/columns.js";

export enum ReviewStatus {
  UNDER_REVIEW = "UNDER_REVIEW",
  APPROVED = "APPROVED",
  REJECTED = "REJECTED",
}
registerEnumType(ReviewStatus, {
  name: "ReviewStatus",
  description: "Where a review stands.",
  valuesConfig: {
    UNDER_REVIEW: { description: "Waiting for the platform's decision." },
    APPROVED: { description: "Approved." },
    REJECTED: { description: "Rejected; see the comment." },
  },
});

/** A partner's application for a capability label and its review. */
@ObjectType({ description: "My partner's application for a capability label, and its review." })
@Entity({ name: "capability_label_applications" })
@Index(["partnerId", "labelId"])
export class CapabilityLabelApplication {
  @Field(() => ID, { description: "The application's id." })
  @IdColumn()
  id!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  @RefColumn({ name: "label_id" })
  labelId!: string;

  @Field(() => ReviewStatus, { description: "Where the review stands." })
  @Column({ type: "varchar", length: 20 })
  status!: ReviewStatus;

  @Field(() => DateTimeScalar, { description: "When the partner applied." })
  @InstantColumn({ name: "applied_at" })
  appliedAt!: string;

  @Field(() => DateTimeScalar, {
    description: "The review's deadline: the label's service level in working days after the application.",
  })
  @InstantColumn({ name: "review_due_by" })
  reviewDueBy!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the platform decided." })
  @InstantColumn({ name: "reviewed_at", nullable: true })
  reviewedAt!: string | null;

  @Field(() => String, { nullable: true, description: "The reviewer's comment." })
  @Column({ type: "varchar", length: 500, nullable: true })
  comment!: string | null;

  @Field(() => Boolean, {
    description: "Still under review after its deadline: the platform missed its service level.",
  })
  get overdue(): boolean {
    return this.status === ReviewStatus.UNDER_REVIEW && new Date().toISOString() > this.reviewDueBy;
  }
}
