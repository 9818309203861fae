import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { DateTimeScalar } from "../../../common/scalars.js";
import { IdColumn, RefColumn, InstantColumn } from "../../common/columns.js";

/** A partner's membership of a program, with its certificate. */
@ObjectType({ description: "A program my partner joined, with its certificate." })
@Entity({ name: "program_memberships" })
@Index(["partnerId", "programId"], { unique: true })
export class ProgramMembership {
  @Field(() => ID, { description: "The membership's id." })
  @IdColumn()
  id!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  @RefColumn({ name: "program_id" })
  programId!: string;

  @Field(() => DateTimeScalar, { description: "When the partner joined." })
  @InstantColumn({ name: "joined_at" })
  joinedAt!: string;

  @Field(() => String, { description: "The certificate's number, printed on it." })
  @Column({ name: "certificate_number", type: "varchar", length: 40 })
  certificateNumber!: string;

  @Field(() => DateTimeScalar, { description: "The certificate is valid until this instant." })
  @InstantColumn({ name: "valid_until" })
  validUntil!: string;
}
