import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { DateTimeScalar } from "../../../common/scalars.js";
import { money, Money } from "../../common/money.js";
import { QuotaType } from "./voucherQuota.js";
import { IdColumn, RefColumn, InstantColumn, FenColumn } from "../../common/columns.js";

export enum QuotaApplicationStatus {
  UNDER_REVIEW = "UNDER_REVIEW",
  APPROVED = "APPROVED",
  REJECTED = "REJECTED",
}
registerEnumType(QuotaApplicationStatus, {
  name: "QuotaApplicationStatus",
  description: "Where an application for a voucher quota stands.",
  valuesConfig: {
    UNDER_REVIEW: { description: "Waiting for a platform reviewer." },
    APPROVED: { description: "Approved: the quota was granted (see quota)." },
    REJECTED: { description: "Rejected; the comment says why." },
  },
});

/** A partner's application for a voucher quota, reviewed by the platform. */
@ObjectType({
  description:
    "My partner's application for a voucher quota (合作伙伴申请代金券); a platform reviewer approves it, which grants the quota, or rejects it.",
})
@Entity({ name: "voucher_quota_applications" })
@Index(["partnerId", "appliedAt"])
@Index(["status", "appliedAt"])
@Index(["announcedAt", "reviewedAt"])
export class VoucherQuotaApplication {
  @Field(() => ID, { description: "The application's id." })
  @IdColumn()
  id!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  @Field(() => QuotaType, { description: "What the quota would issue." })
  @Column({ type: "varchar", length: 20 })
  type!: QuotaType;

  @FenColumn({ name: "amount" })
  amountFen!: bigint;

  @Field(() => Int, { description: "How many months the quota stays valid once granted." })
  @Column({ name: "validity_months", type: "integer" })
  validityMonths!: number;

  /** Comma-separated service types the quota's vouchers may cover. */
  @Column({ name: "service_types", type: "varchar", length: 400 })
  serviceTypeList!: string;

  @Field(() => String, { description: "Why my partner needs it." })
  @Column({ type: "varchar", length: 500 })
  reason!: string;

  @Column({ name: "applied_by", type: "varchar", length: 128 })
  appliedBy!: string;

  @Field(() => DateTimeScalar, { description: "When it was filed." })
  @InstantColumn({ name: "applied_at" })
  appliedAt!: string;

  @Field(() => QuotaApplicationStatus, { description: "Where it stands." })
  @Column({ type: "varchar", length: 20 })
  status!: QuotaApplicationStatus;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the platform decided." })
  @InstantColumn({ name: "reviewed_at", nullable: true })
  reviewedAt!: string | null;

  @Field(() => String, { nullable: true, description: "The reviewer's comment." })
  @Column({ type: "varchar", length: 500, nullable: true })
  comment!: string | null;

  /** When the decision went on the customers subgraph's approval feed; null until then. */
  @InstantColumn({ name: "announced_at", nullable: true })
  announcedAt!: string | null;

  /** The quota granted on approval. */
  @RefColumn({ name: "quota_id", nullable: true })
  quotaId!: string | null;

  @Field(() => Money, { description: "The quota's value applied for." })
  get amount(): Money {
    return money(this.amountFen);
  }

  @Field(() => [String], { description: "Service types its vouchers could cover." })
  get serviceTypes(): string[] {
    return this.serviceTypeList.split(",");
  }
}
