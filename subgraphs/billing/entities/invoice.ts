import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { minorUnits, money, Money } from "../../common/money.js";
import { DateTimeScalar } from "../../../common/scalars.js";
import { rateOfBasisPoints } from "../../common/tax.js";

export enum InvoiceStatus {
  DRAFT = "DRAFT",
  ISSUED = "ISSUED",
}
registerEnumType(InvoiceStatus, {
  name: "InvoiceStatus",
  description: "Where an invoice to a resale customer stands.",
  valuesConfig: {
    DRAFT: { description: "Prepared from the cycle's consumption; its amount follows late lines until issued." },
    ISSUED: { description: "Issued by my partner to the customer; it no longer changes." },
  },
});

/**
 * The invoice a partner issues a resale customer for one bill cycle (docs/domain.md, Resale
 * invoices): the customer's resale consumption of the cycle, VAT included. Amounts in fen.
 */
@ObjectType({ description: "An invoice my partner issues a resale customer for one bill cycle." })
@Entity({ name: "invoices" })
@Index(["partnerId", "customerId", "billCycle"], { unique: true })
@Index(["partnerId", "billCycle", "id"])
export class Invoice {
  @Field(() => ID, { description: "The invoice's id." })
  @PrimaryColumn({ type: "varchar", length: 36 })
  id!: string;

  @Column({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  @Column({ name: "customer_id", type: "varchar", length: 36 })
  customerId!: string;

  @Field(() => String, { description: "The bill cycle it covers, YYYY-MM." })
  @Column({ name: "bill_cycle", type: "varchar", length: 7 })
  billCycle!: string;

  @Column({ name: "amount", type: "bigint", transformer: minorUnits })
  amountFen!: bigint;

  @Column({ name: "tax", type: "bigint", transformer: minorUnits })
  taxFen!: bigint;

  /** Basis points: 600 is 6%. */
  @Column({ name: "tax_rate", type: "integer" })
  taxRateBasisPoints!: number;

  @Field(() => InvoiceStatus, { description: "DRAFT until my partner issues it, then ISSUED." })
  @Column({ type: "varchar", length: 10 })
  status!: InvoiceStatus;

  @Field(() => DateTimeScalar, { description: "When it was drafted." })
  @Column({ name: "created_at", type: "varchar", length: 24 })
  createdAt!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: "When it was issued; null while a draft." })
  @Column({ name: "issued_at", type: "varchar", length: 24, nullable: true })
  issuedAt!: string | null;

  @Field(() => Money, { description: "The amount, VAT included: the customer's resale consumption in the cycle." })
  get amount(): Money {
    return money(this.amountFen);
  }

  @Field(() => Money, { description: "The VAT included in the amount." })
  get tax(): Money {
    return money(this.taxFen);
  }

  @Field(() => Money, { description: "The amount without VAT: amount minus tax." })
  get amountExcludingTax(): Money {
    return money(this.amountFen - this.taxFen);
  }

  @Field(() => String, { description: 'The VAT rate, e.g. "0.06".' })
  get taxRate(): string {
    return rateOfBasisPoints(this.taxRateBasisPoints);
  }
}
