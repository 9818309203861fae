import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { minorUnits } from "../../common/money.js";

/**
 * A voucher (代金券) a partner issued to a sub-customer. Face value, scope and validity are
 * fixed once issued (API_NOTES.md, Vouchers): reclaim and reissue instead.
 */
@Entity({ name: "vouchers" })
@Index(["partnerId", "issuedAt"])
@Index(["customerId", "issuedAt"])
export class Voucher {
  @PrimaryColumn({ type: "varchar", length: 36 })
  id!: string;

  @Column({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  @Column({ name: "customer_id", type: "varchar", length: 36 })
  customerId!: string;

  @Column({ name: "face_value", type: "bigint", transformer: minorUnits })
  faceValue!: bigint;

  @Column({ type: "bigint", transformer: minorUnits })
  balance!: bigint;

  /** Comma-separated service types the voucher may pay for. */
  @Column({ name: "purchase_scope", type: "varchar", length: 400 })
  purchaseScope!: string;

  @Column({ name: "new_customer", type: "boolean" })
  newCustomer!: boolean;

  @Column({ type: "varchar", length: 20 })
  status!: string;

  @Column({ name: "valid_from", type: "varchar", length: 24 })
  validFrom!: string;

  @Column({ name: "valid_until", type: "varchar", length: 24 })
  validUntil!: string;

  @Column({ name: "issued_at", type: "varchar", length: 24 })
  issuedAt!: string;
}
