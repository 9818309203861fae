import { Field, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryColumn } from "typeorm";
import { DateTimeScalar, DecimalScalar } from "../../../common/scalars.js";

/** A per-customer discount 0.80-1.00, in basis points (8000-10000). */
@ObjectType({
  description:
    "A discount my partner gives a customer on its consumption (consulting-sales customers only, with the platform's permission).",
})
@Entity({ name: "customer_discounts" })
export class CustomerDiscount {
  @PrimaryColumn({ name: "customer_id", type: "varchar", length: 36 })
  customerId!: string;

  @Column({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  @Column({ name: "rate", type: "integer" })
  rateBasisPoints!: number;

  @Field(() => DateTimeScalar, { description: "The discount applies from this instant." })
  @Column({ name: "effective_from", type: "varchar", length: 24 })
  effectiveFrom!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: "The discount ends at this instant; null for no end." })
  @Column({ name: "expires_at", type: "varchar", length: 24, nullable: true })
  expiresAt!: string | null;

  @Field(() => DecimalScalar, { description: "The rate paid, 0.80 to 0.99 (0.85 means 15% off)." })
  get rate(): string {
    return (this.rateBasisPoints / 10_000).toFixed(2);
  }
}
