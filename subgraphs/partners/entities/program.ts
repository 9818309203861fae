import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity } from "typeorm";
import { PartnerType } from "./partner.js";
import { IdColumn } from "../../common/columns.js";

export enum ProgramKind {
  PARTNER_PROGRAM = "PARTNER_PROGRAM",
  CO_EXPANSION = "CO_EXPANSION",
}
registerEnumType(ProgramKind, {
  name: "ProgramKind",
  description: "What a program is.",
  valuesConfig: {
    PARTNER_PROGRAM: { description: "A partner program (伙伴计划); joining earns a certificate." },
    CO_EXPANSION: { description: "The co-expansion program (共拓计划); joining grants benefits (rights)." },
  },
});

/** A program partners may join, from the platform's catalogue. */
@ObjectType({ description: "A partner program (伙伴计划) or the co-expansion program (共拓计划)." })
@Entity({ name: "programs" })
export class Program {
  @Field(() => ID, { description: "The program's id." })
  @IdColumn()
  id!: string;

  @Field(() => String, { description: 'Short code, e.g. "SOLUTION-PARTNER".' })
  @Column({ type: "varchar", length: 40 })
  code!: string;

  @Field(() => String, { description: "The program's name." })
  @Column({ type: "varchar", length: 100 })
  name!: string;

  @Field(() => String, { description: "What the program is for and what it asks of a partner." })
  @Column({ type: "varchar", length: 1000 })
  description!: string;

  @Field(() => ProgramKind, { description: "Partner program or co-expansion program." })
  @Column({ type: "varchar", length: 20 })
  kind!: ProgramKind;

  @Field(() => PartnerType, { nullable: true, description: "Only partners of this type may join; null when any may." })
  @Column({ name: "partner_type", type: "varchar", length: 20, nullable: true })
  partnerType!: PartnerType | null;

  @Field(() => Int, { description: "How long a membership (and its certificate) is valid, in months." })
  @Column({ name: "validity_months", type: "integer" })
  validityMonths!: number;
}
