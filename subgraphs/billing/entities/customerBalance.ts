import { Entity, Index } from "typeorm";
import { IdColumn, RefColumn, InstantColumn, FenColumn } from "../../common/columns.js";

/** A sub-customer's cash balance as its partner sees it, in integer fen. */
@Entity({ name: "customer_balances" })
@Index(["partnerId"])
export class CustomerBalance {
  @IdColumn({ name: "customer_id" })
  customerId!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  /** The customer's own cash; it stays the customer's whatever its partner. */
  @FenColumn()
  cash!: bigint;

  /** Funds the partner allocated to a resale customer and may recover; they return on dissociation. */
  @FenColumn({ default: 0 })
  allocated!: bigint;

  /** What the customer owes (arrears); a resale customer in arrears cannot be dissociated. */
  @FenColumn({ default: 0 })
  debt!: bigint;

  @InstantColumn({ name: "updated_at" })
  updatedAt!: string;
}
