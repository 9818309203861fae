import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity } from "typeorm";
import { DateScalar, DecimalScalar } from "../../../common/scalars.js";
import { rateOfBasisPoints, type TaxpayerKind } from "../../common/tax.js";
import { IdColumn } from "../../common/columns.js";

export enum TaxRateKind {
  PLATFORM = "PLATFORM",
  GENERAL = "GENERAL",
  SMALL_SCALE = "SMALL_SCALE",
}
registerEnumType(TaxRateKind, {
  name: "TaxRateKind",
  description: "Whose VAT rate it is.",
  valuesConfig: {
    PLATFORM: { description: "The rate the platform's notice amounts include." },
    GENERAL: { description: "A general taxpayer's rate (一般纳税人)." },
    SMALL_SCALE: { description: "A small-scale taxpayer's rate (小规模纳税人)." },
  },
});

/** A VAT rate in force between two days: data, not a constant in code. */
@ObjectType({
  description: "A VAT rate used to turn incentive notices into invoice amounts, with the days it is in force.",
})
@Entity({ name: "tax_rates" })
export class TaxRate {
  @Field(() => ID, { description: "The rate's id." })
  @IdColumn()
  id!: string;

  @Field(() => TaxRateKind, { description: "Whose rate it is." })
  @Column({ name: "taxpayer_type", type: "varchar", length: 20 })
  taxpayerType!: TaxpayerKind;

  @Column({ name: "rate", type: "integer" })
  basisPoints!: number;

  @Field(() => DateScalar, { description: "First day it applies." })
  @Column({ name: "effective_from", type: "varchar", length: 10 })
  effectiveFrom!: string;

  @Field(() => DateScalar, { nullable: true, description: "Last day it applies; null while in force." })
  @Column({ name: "effective_to", type: "varchar", length: 10, nullable: true })
  effectiveTo!: string | null;

  @Field(() => DecimalScalar, { description: 'The rate, e.g. "0.06" for 6%.' })
  get rate(): string {
    return rateOfBasisPoints(this.basisPoints);
  }
}
