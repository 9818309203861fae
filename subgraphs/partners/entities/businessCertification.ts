import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { DateTimeScalar } from "../../../common/scalars.js";
import { IdColumn, RefColumn, InstantColumn } from "../../common/columns.js";

export enum CertificationStatus {
  APPROVED = "APPROVED",
  FAILED = "FAILED",
  MANUAL_REVIEW = "MANUAL_REVIEW",
}
registerEnumType(CertificationStatus, {
  name: "CertificationStatus",
  description: "Where a business-information certification stands.",
  valuesConfig: {
    APPROVED: { description: "Certified." },
    FAILED: {
      description:
        "Failed; see the reason, fix and resubmit (with a bank letter when bank details differ from the supplier records).",
    },
    MANUAL_REVIEW: {
      description: "A platform reviewer is checking the bank letter (3 to 5 working days; see reviewDueBy).",
    },
  },
});

/** One submission of a partner's business information (商业信息认证) and its outcome. */
@ObjectType({
  description:
    "A submission of my partner's business information for certification (商业信息认证), and its review outcome.",
})
@Entity({ name: "business_certifications" })
@Index(["partnerId", "submittedAt"])
export class BusinessCertification {
  @Field(() => ID, { description: "The submission's id." })
  @IdColumn()
  id!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  @Field(() => CertificationStatus, { description: "Where the certification stands." })
  @Column({ type: "varchar", length: 20 })
  status!: CertificationStatus;

  @Field(() => String, { description: "The company's registered name as submitted." })
  @Column({ name: "company_name", type: "varchar", length: 200 })
  companyName!: string;

  @Field(() => String, { description: "The bank of the company's account." })
  @Column({ name: "bank_name", type: "varchar", length: 100 })
  bankName!: string;

  @Column({ name: "bank_account", type: "varchar", length: 40 })
  bankAccount!: string;

  @Field(() => String, { description: "The bank account number, all but the last 4 digits masked." })
  get bankAccountMasked(): string {
    return `${"*".repeat(Math.max(this.bankAccount.length - 4, 0))}${this.bankAccount.slice(-4)}`;
  }

  @Field(() => String, { description: "The account holder's name." })
  @Column({ name: "account_holder", type: "varchar", length: 200 })
  accountHolder!: string;

  @Field(() => String, {
    nullable: true,
    description: "Why the certification failed, and how to fix it; null unless FAILED.",
  })
  @Column({ name: "failure_reason", type: "varchar", length: 500, nullable: true })
  failureReason!: string | null;

  @RefColumn({ name: "bank_letter_id", nullable: true })
  bankLetterId!: string | null;

  @Field(() => DateTimeScalar, { description: "When it was submitted." })
  @InstantColumn({ name: "submitted_at" })
  submittedAt!: string;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "For a manual review: the latest day the platform answers by (5 working days).",
  })
  @InstantColumn({ name: "review_due_by", nullable: true })
  reviewDueBy!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the outcome was decided." })
  @InstantColumn({ name: "reviewed_at", nullable: true })
  reviewedAt!: string | null;
}
