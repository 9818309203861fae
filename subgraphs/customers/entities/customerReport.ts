import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { DateTimeScalar } from "../../../common/scalars.js";

/** A customer report (客户报备): reserves a customer account for the reporting partner until validUntil. */
@ObjectType({
  description:
    "A customer report (客户报备): it reserves a customer for my partner during its validity period. Reporting is per customer; projects cannot be reported.",
})
@Entity({ name: "customer_reports" })
@Index(["accountName", "validUntil"])
export class CustomerReport {
  @Field(() => ID, { description: "The report's id." })
  @PrimaryColumn({ type: "varchar", length: 36 })
  id!: string;

  @Column({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  @Field(() => String, { description: "The reported customer's account name." })
  @Column({ name: "account_name", type: "varchar", length: 32 })
  accountName!: string;

  @Field(() => String, { description: "Why the partner reports the customer (the opportunity it pursues)." })
  @Column({ type: "varchar", length: 500 })
  reason!: string;

  @Column({ name: "reported_by", type: "varchar", length: 128 })
  reportedBy!: string;

  @Field(() => DateTimeScalar, { description: "When it was reported." })
  @Column({ name: "reported_at", type: "varchar", length: 24 })
  reportedAt!: string;

  @Field(() => DateTimeScalar, { description: "The reservation holds until this instant (90 days)." })
  @Column({ name: "valid_until", type: "varchar", length: 24 })
  validUntil!: string;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "When my partner created (associated) the reported customer.",
  })
  @Column({ name: "converted_at", type: "varchar", length: 24, nullable: true })
  convertedAt!: string | null;

  @Field(() => Boolean, {
    description: "Whether it still reserves the customer: not converted and not past validUntil.",
  })
  get active(): boolean {
    return !this.convertedAt && this.validUntil > new Date().toISOString();
  }
}
