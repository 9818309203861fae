import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity } from "typeorm";
import { DateScalar, DecimalScalar } from "../../../common/scalars.js";
import { rateOfBasisPoints } from "../../common/tax.js";
import { IdColumn } from "../../common/columns.js";

/** The incentive policy for a cloud service type: which rate applies and whether discounts are allowed. */
@ObjectType({
  description:
    "The incentive policy for a cloud service type: which policy applies, its rate on eligible consumption, and whether partner discounts are allowed.",
})
@Entity({ name: "incentive_policies" })
export class IncentivePolicy {
  @Field(() => ID, { description: "The policy's id." })
  @IdColumn()
  id!: string;

  @Field(() => String, { description: "Cloud service type, e.g. ECS." })
  @Column({ name: "service_type", type: "varchar", length: 20 })
  serviceType!: string;

  @Field(() => String, { description: "The policy's name." })
  @Column({ type: "varchar", length: 100 })
  name!: string;

  @Column({ name: "rate", type: "integer" })
  basisPoints!: number;

  @Field(() => Boolean, {
    description: "Whether the partner may give customers a discount on this service and still earn the incentive.",
  })
  @Column({ name: "discounts_allowed", type: "boolean" })
  discountsAllowed!: boolean;

  @Field(() => DateScalar, { description: "First day it applies." })
  @Column({ name: "effective_from", type: "varchar", length: 10 })
  effectiveFrom!: string;

  @Field(() => DateScalar, { nullable: true, description: "Last day it applies; null while in force." })
  @Column({ name: "effective_to", type: "varchar", length: 10, nullable: true })
  effectiveTo!: string | null;

  @Field(() => DecimalScalar, { description: 'Incentive rate on eligible consumption (tax-exclusive), e.g. "0.08".' })
  get rate(): string {
    return rateOfBasisPoints(this.basisPoints);
  }
}
