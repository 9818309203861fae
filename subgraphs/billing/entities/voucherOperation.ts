import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { minorUnits } from "../../common/money.js";

export enum VoucherOperationKind {
  ISSUE = "ISSUE",
  RECLAIM = "RECLAIM",
  RECLAIM_ON_DISSOCIATION = "RECLAIM_ON_DISSOCIATION",
  RECLAIM_ON_SWITCH = "RECLAIM_ON_SWITCH",
  EXPIRY_RECLAIM = "EXPIRY_RECLAIM",
  REDEEM = "REDEEM",
}

/** What happened to a voucher (API_NOTES.md, operation records); amounts in fen. */
@Entity({ name: "voucher_operations" })
@Index(["voucherId", "createdAt"])
@Index(["partnerId", "createdAt"])
export class VoucherOperation {
  @PrimaryColumn({ type: "varchar", length: 36 })
  id!: string;

  @Column({ name: "voucher_id", type: "varchar", length: 36 })
  voucherId!: string;

  @Column({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  @Column({ type: "varchar", length: 40 })
  kind!: VoucherOperationKind;

  @Column({ type: "bigint", transformer: minorUnits })
  amount!: bigint;

  @Column({ name: "created_at", type: "varchar", length: 24 })
  createdAt!: string;
}
