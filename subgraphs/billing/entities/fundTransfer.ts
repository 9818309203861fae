import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { minorUnits } from "../../common/money.js";

export enum FundTransferKind {
  ALLOCATE = "ALLOCATE",
  RECOVER = "RECOVER",
  RECOVERED_ON_DISSOCIATION = "RECOVERED_ON_DISSOCIATION",
}

/** The ledger of funds between a partner and its resale customers; amounts in fen, always positive. */
@Entity({ name: "fund_transfers" })
@Index(["partnerId", "createdAt"])
@Index(["partnerId", "idempotencyKey"], { unique: true })
export class FundTransfer {
  @PrimaryColumn({ type: "varchar", length: 36 })
  id!: string;

  @Column({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  @Column({ name: "customer_id", type: "varchar", length: 36 })
  customerId!: string;

  @Column({ type: "varchar", length: 40 })
  kind!: FundTransferKind;

  @Column({ type: "bigint", transformer: minorUnits })
  amount!: bigint;

  @Column({ type: "varchar", length: 200, nullable: true })
  memo!: string | null;

  /** The caller's key (or `event:<id>` for effects of an association event): one transfer per key. */
  @Column({ name: "idempotency_key", type: "varchar", length: 100 })
  idempotencyKey!: string;

  @Column({ name: "created_at", type: "varchar", length: 24 })
  createdAt!: string;
}
