import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { DateTimeScalar } from "../../../common/scalars.js";

/** A benefit granted to a partner when it joined a program. */
@ObjectType({ description: "A benefit (权益) granted to my partner by a program it joined." })
@Entity({ name: "benefit_grants" })
@Index(["membershipId"])
export class BenefitGrant {
  @Field(() => ID, { description: "The grant's id." })
  @PrimaryColumn({ type: "varchar", length: 36 })
  id!: string;

  @Column({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  @Column({ name: "membership_id", type: "varchar", length: 36 })
  membershipId!: string;

  @Column({ name: "benefit_id", type: "varchar", length: 36 })
  benefitId!: string;

  @Field(() => DateTimeScalar, { description: "When the benefit was granted." })
  @Column({ name: "granted_at", type: "varchar", length: 24 })
  grantedAt!: string;

  @Field(() => DateTimeScalar, { description: "The benefit can be used until this instant." })
  @Column({ name: "valid_until", type: "varchar", length: 24 })
  validUntil!: string;
}
