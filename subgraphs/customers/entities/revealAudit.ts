import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { DateTimeScalar } from "../../../common/scalars.js";
import { IdColumn, RefColumn, InstantColumn } from "../../common/columns.js";

/** One reveal of a masked field: who saw which customer's what, and when. */
@ObjectType({ description: "One reveal of a masked customer field: who saw what, and when." })
@Entity({ name: "reveal_audits" })
@Index(["partnerId", "revealedAt"])
export class RevealAudit {
  @Field(() => ID, { description: "The audit entry's id." })
  @IdColumn()
  id!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  @Field(() => ID, { nullable: true, description: "The staff member who revealed it." })
  @RefColumn({ name: "staff_id", nullable: true })
  staffId!: string | null;

  @Field(() => String, { description: "The revealing token's subject." })
  @Column({ type: "varchar", length: 128 })
  subject!: string;

  @Field(() => ID, { description: "The customer whose field was revealed." })
  @RefColumn({ name: "customer_id" })
  customerId!: string;

  @Field(() => String, { description: "The field revealed: name or accountName." })
  @Column({ type: "varchar", length: 20 })
  field!: string;

  @Field(() => DateTimeScalar, { description: "When it was revealed." })
  @InstantColumn({ name: "revealed_at" })
  revealedAt!: string;
}
