import { Field, ObjectType } from "type-graphql";
import { Column, Entity } from "typeorm";
import { DateTimeScalar, DecimalScalar } from "../../../common/scalars.js";
import { IdColumn, RefColumn, InstantColumn } from "../../common/columns.js";

/** A per-customer discount 0.80-1.00, in basis points (8000-10000). */
@ObjectType({
  description:
    "A discount my partner gives a customer on its consumption (consulting-sales customers only, with the platform's permission).",
})
@Entity({ name: "customer_discounts" })
export class CustomerDiscount {
  @IdColumn({ name: "customer_id" })
  customerId!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  @Column({ name: "rate", type: "integer" })
  rateBasisPoints!: number;

  @Field(() => DateTimeScalar, { description: "The discount applies from this instant." })
  @InstantColumn({ name: "effective_from" })
  effectiveFrom!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: "The discount ends at this instant; null for no end." })
  @InstantColumn({ name: "expires_at", nullable: true })
  expiresAt!: string | null;

  @Field(() => DecimalScalar, { description: "The rate paid, 0.80 to 0.99 (0.85 means 15% off)." })
  get rate(): string {
    return (this.rateBasisPoints / 10_000).toFixed(2);
  }
}
