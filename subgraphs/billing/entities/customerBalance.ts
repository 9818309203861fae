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

  @Column({ type: "bigint", transformer: minorUnits })
  cash!: bigint;

  @Column({ name: "updated_at", type: "varchar", length: 24 })
  updatedAt!: string;
}
