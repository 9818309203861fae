import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { DateTimeScalar } from "../../../common/scalars.js";

/** One reveal of a masked field: who saw which customer's what, and when. */
@ObjectType({ description: "One reveal of a masked customer field: who saw what, and when." })
@Entity({ name: "reveal_audits" })
@Index(["partnerId", "revealedAt"])
export class RevealAudit {
  @Field(() => ID, { description: "The audit entry's id." })
  @PrimaryColumn({ type: "varchar", length: 36 })
  id!: string;

  @Column({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  @Field(() => ID, { nullable: true, description: "The staff member who revealed it." })
  @Column({ name: "staff_id", type: "varchar", length: 36, nullable: true })
  staffId!: string | null;

  @Field(() => String, { description: "The revealing token's subject." })
  @Column({ type: "varchar", length: 128 })
  subject!: string;

  @Field(() => ID, { description: "The customer whose field was revealed." })
  @Column({ name: "customer_id", type: "varchar", length: 36 })
  customerId!: string;

  @Field(() => String, { description: "The field revealed: name or accountName." })
  @Column({ type: "varchar", length: 20 })
  field!: string;

  @Field(() => DateTimeScalar, { description: "When it was revealed." })
  @Column({ name: "revealed_at", type: "varchar", length: 24 })
  revealedAt!: string;
}
