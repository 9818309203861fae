import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { minorUnits } from "../../common/money.js";

/** A sub-customer's cash balance as its partner sees it, in integer fen. */
@Entity({ name: "customer_balances" })
@Index(["partnerId"])
export class CustomerBalance {
  @PrimaryColumn({ name: "customer_id", type: "varchar", length: 36 })
  customerId!: string;

  @Column({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  /** The customer's own cash; it stays the customer's whatever its partner. */
  @Column({ type: "bigint", transformer: minorUnits })
  cash!: bigint;

  /** Funds the partner allocated to a resale customer and may recover; they return on dissociation. */
  @Column({ type: "bigint", transformer: minorUnits, default: 0 })
  allocated!: bigint;

  /** What the customer owes (arrears); a resale customer in arrears cannot be dissociated. */
  @Column({ type: "bigint", transformer: minorUnits, default: 0 })
  debt!: bigint;

  @Column({ name: "updated_at", type: "varchar", length: 24 })
  updatedAt!: string;
}
