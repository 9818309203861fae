import { Column, Entity, PrimaryColumn } from "typeorm";
import { minorUnits } from "../../common/money.js";

/** A partner's account with the platform: balances by type, in fen (API_NOTES.md, Funds). */
@Entity({ name: "partner_accounts" })
export class PartnerAccount {
  @PrimaryColumn({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  @Column({ type: "bigint", transformer: minorUnits })
  cash!: bigint;

  @Column({ type: "bigint", transformer: minorUnits })
  credit!: bigint;

  @Column({ type: "bigint", transformer: minorUnits })
  bonus!: bigint;

  @Column({ type: "bigint", transformer: minorUnits })
  deposit!: bigint;

  /** Cash held back (e.g. for pending settlements); it cannot be allocated. */
  @Column({ name: "ring_fenced", type: "bigint", transformer: minorUnits })
  ringFenced!: bigint;

  /** The platform's permission to set per-customer discounts. */
  @Column({ name: "discount_permission", type: "boolean", default: false })
  discountPermission!: boolean;
}
