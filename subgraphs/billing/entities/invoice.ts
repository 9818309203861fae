import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { money, Money } from "../../common/money.js";
import { DateTimeScalar } from "../../../common/scalars.js";
import { rateOfBasisPoints } from "../../common/tax.js";
import { IdColumn, RefColumn, InstantColumn, FenColumn } from "../../common/columns.js";

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
  @IdColumn()
  id!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  @RefColumn({ name: "customer_id" })
  customerId!: string;

  @Field(() => String, { description: "The bill cycle it covers, YYYY-MM." })
  @Column({ name: "bill_cycle", type: "varchar", length: 7 })
  billCycle!: string;

  @FenColumn({ name: "amount" })
  amountFen!: bigint;

  @FenColumn({ name: "tax" })
  taxFen!: bigint;

  /** Basis points: 600 is 6%. */
  @Column({ name: "tax_rate", type: "integer" })
  taxRateBasisPoints!: number;

  @Field(() => InvoiceStatus, { description: "DRAFT until my partner issues it, then ISSUED." })
  @Column({ type: "varchar", length: 10 })
  status!: InvoiceStatus;

  @Field(() => DateTimeScalar, { description: "When it was drafted." })
  @InstantColumn({ name: "created_at" })
  createdAt!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: "When it was issued; null while a draft." })
  @InstantColumn({ name: "issued_at", nullable: true })
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
