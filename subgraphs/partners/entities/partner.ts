import { Directive, Field, ID, ObjectType, registerEnumType, UseMiddleware } from "type-graphql";
import { Column, Entity } from "typeorm";
import { DateTimeScalar } from "../../../common/scalars.js";
import { StaffOnly } from "../../common/staffOnly.js";
import { IdColumn, InstantColumn } from "../../common/columns.js";

export enum PartnerType {
  RESELLER = "RESELLER",
  SOLUTION_PROVIDER = "SOLUTION_PROVIDER",
}
registerEnumType(PartnerType, {
  name: "PartnerType",
  description: "What kind of partner a company is.",
  valuesConfig: {
    RESELLER: {
      description: "Cloud reseller (经销商): sells through the marketplace and may set product discounts there.",
    },
    SOLUTION_PROVIDER: {
      description: "Solution provider: builds and delivers solutions; does not resell through the marketplace.",
    },
  },
});

export enum TaxpayerType {
  GENERAL = "GENERAL",
  SMALL_SCALE = "SMALL_SCALE",
}
registerEnumType(TaxpayerType, {
  name: "TaxpayerType",
  description: "The partner's VAT taxpayer identity; it decides the invoice amount of an incentive.",
  valuesConfig: {
    GENERAL: { description: "General taxpayer (一般纳税人)." },
    SMALL_SCALE: { description: "Small-scale taxpayer (小规模纳税人): invoices a different amount than the notice." },
  },
});

@Directive('@key(fields: "id")')
@ObjectType({ description: "A partner company (reseller or solution provider) and its account in the partner center." })
@Entity({ name: "partners" })
export class Partner {
  @Field(() => ID, { description: "The partner's id." })
  @IdColumn()
  id!: string;

  @Field(() => String, { description: "The partner company's registered name." })
  @Column({ type: "varchar", length: 200 })
  name!: string;

  @Field(() => PartnerType, { description: "Reseller or solution provider." })
  @Column({ type: "varchar", length: 20 })
  type!: PartnerType;

  @Field(() => TaxpayerType, {
    description: "VAT taxpayer identity, used to compute incentive invoice amounts. Staff only.",
  })
  @UseMiddleware(StaffOnly)
  @Column({ name: "taxpayer_type", type: "varchar", length: 20 })
  taxpayerType!: TaxpayerType;

  @Field(() => Boolean, {
    description:
      "Whether sensitive requests (switching association type, dissociating) must carry a one-time verification code. Staff only.",
  })
  @UseMiddleware(StaffOnly)
  @Column({ name: "verification_codes_enabled", type: "boolean", default: false })
  verificationCodesEnabled!: boolean;

  @Field(() => DateTimeScalar, { description: "When the partner joined the partner center." })
  @InstantColumn({ name: "joined_at" })
  joinedAt!: string;
}
