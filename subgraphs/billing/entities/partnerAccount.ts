import { Column, Entity } from "typeorm";
import { IdColumn, FenColumn } from "../../common/columns.js";

/** A partner's account with the platform: balances by type, in fen (API_NOTES.md, Funds). */
@Entity({ name: "partner_accounts" })
export class PartnerAccount {
  @IdColumn({ name: "partner_id" })
  partnerId!: string;

  @FenColumn()
  cash!: bigint;

  @FenColumn()
  credit!: bigint;

  @FenColumn()
  bonus!: bigint;

  @FenColumn()
  deposit!: bigint;

  /** Cash held back (e.g. for pending settlements); it cannot be allocated. */
  @FenColumn({ name: "ring_fenced" })
  ringFenced!: bigint;

  /** The platform's permission to set per-customer discounts. */
  @Column({ name: "discount_permission", type: "boolean", default: false })
  discountPermission!: boolean;
}
