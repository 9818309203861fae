import { Field, ID, ObjectType } from "type-graphql";
import { Entity, Index } from "typeorm";
import { DateTimeScalar } from "../../../common/scalars.js";
import { IdColumn, RefColumn, InstantColumn } from "../../common/columns.js";

/** A benefit granted to a partner when it joined a program. */
@ObjectType({ description: "A benefit (权益) granted to my partner by a program it joined." })
@Entity({ name: "benefit_grants" })
@Index(["membershipId"])
export class BenefitGrant {
  @Field(() => ID, { description: "The grant's id." })
  @IdColumn()
  id!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  @RefColumn({ name: "membership_id" })
  membershipId!: string;

  @RefColumn({ name: "benefit_id" })
  benefitId!: string;

  @Field(() => DateTimeScalar, { description: "When the benefit was granted." })
  @InstantColumn({ name: "granted_at" })
  grantedAt!: string;

  @Field(() => DateTimeScalar, { description: "The benefit can be used until this instant." })
  @InstantColumn({ name: "valid_until" })
  validUntil!: string;
}
