import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { DateTimeScalar } from "../../../common/scalars.js";

/** A partner's membership of a program, with its certificate. */
@ObjectType({ description: "A program my partner joined, with its certificate." })
@Entity({ name: "program_memberships" })
@Index(["partnerId", "programId"], { unique: true })
export class ProgramMembership {
  @Field(() => ID, { description: "The membership's id." })
  @PrimaryColumn({ type: "varchar", length: 36 })
  id!: string;

  @Column({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  @Column({ name: "program_id", type: "varchar", length: 36 })
  programId!: string;

  @Field(() => DateTimeScalar, { description: "When the partner joined." })
  @Column({ name: "joined_at", type: "varchar", length: 24 })
  joinedAt!: string;

  @Field(() => String, { description: "The certificate's number, printed on it." })
  @Column({ name: "certificate_number", type: "varchar", length: 40 })
  certificateNumber!: string;

  @Field(() => DateTimeScalar, { description: "The certificate is valid until this instant." })
  @Column({ name: "valid_until", type: "varchar", length: 24 })
  validUntil!: string;
}
