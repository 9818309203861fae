import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { DateTimeScalar } from "../../../common/scalars.js";

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
  @PrimaryColumn({ type: "varchar", length: 36 })
  id!: string;

  @Column({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  @Column({ name: "label_id", type: "varchar", length: 36 })
  labelId!: string;

  @Field(() => ReviewStatus, { description: "Where the review stands." })
  @Column({ type: "varchar", length: 20 })
  status!: ReviewStatus;

  @Field(() => DateTimeScalar, { description: "When the partner applied." })
  @Column({ name: "applied_at", type: "varchar", length: 24 })
  appliedAt!: string;

  @Field(() => DateTimeScalar, {
    description: "The review's deadline: the label's service level in working days after the application.",
  })
  @Column({ name: "review_due_by", type: "varchar", length: 24 })
  reviewDueBy!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the platform decided." })
  @Column({ name: "reviewed_at", type: "varchar", length: 24, nullable: true })
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
