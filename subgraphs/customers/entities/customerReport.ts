import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { DateTimeScalar } from "../../../common/scalars.js";
import { IdColumn, RefColumn, InstantColumn } from "../../common/columns.js";

/** A customer report (客户报备): reserves a customer account for the reporting partner until validUntil. */
@ObjectType({
  description:
    "A customer report (客户报备): it reserves a customer for my partner during its validity period. Reporting is per customer; projects cannot be reported.",
})
@Entity({ name: "customer_reports" })
@Index(["accountName", "validUntil"])
export class CustomerReport {
  @Field(() => ID, { description: "The report's id." })
  @IdColumn()
  id!: string;

  @RefColumn({ name: "partner_id" })
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
  @InstantColumn({ name: "reported_at" })
  reportedAt!: string;

  @Field(() => DateTimeScalar, { description: "The reservation holds until this instant (90 days)." })
  @InstantColumn({ name: "valid_until" })
  validUntil!: string;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "When my partner created (associated) the reported customer.",
  })
  @InstantColumn({ name: "converted_at", nullable: true })
  convertedAt!: string | null;

  @Field(() => Boolean, {
    description: "Whether it still reserves the customer: not converted and not past validUntil.",
  })
  get active(): boolean {
    return !this.convertedAt && this.validUntil > new Date().toISOString();
  }
}
