import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { money, Money } from "../../common/money.js";
import { DateTimeScalar } from "../../../common/scalars.js";
import { IdColumn, RefColumn, InstantColumn, FenColumn } from "../../common/columns.js";

export enum VoucherStatus {
  USABLE = "USABLE",
  USED = "USED",
  EXPIRED = "EXPIRED",
  RECLAIMED = "RECLAIMED",
}
registerEnumType(VoucherStatus, {
  name: "VoucherStatus",
  description: "Where an issued voucher stands.",
  valuesConfig: {
    USABLE: { description: "Has a balance and can pay orders within its validity." },
    USED: { description: "Its balance is spent." },
    EXPIRED: { description: "Past its validity; any balance returned to the partner's quota." },
    RECLAIMED: {
      description: "Reclaimed by the partner (or on dissociation or an association-type switch); its balance returned.",
    },
  },
});

/**
 * A voucher (代金券) a partner issued to a sub-customer from one of its quotas. Face value,
 * scope and validity are fixed once issued (API_NOTES.md, Vouchers): reclaim and reissue instead.
 */
@ObjectType({
  description:
    "A voucher (代金券) issued to a customer. Its face value, purchase scope and validity never change after issue: reclaim it and issue a new one instead.",
})
@Entity({ name: "vouchers" })
@Index(["partnerId", "issuedAt"])
@Index(["customerId", "issuedAt"])
export class Voucher {
  @Field(() => ID, { description: "The voucher's id." })
  @IdColumn()
  id!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  @RefColumn({ name: "customer_id" })
  customerId!: string;

  @RefColumn({ name: "quota_id", nullable: true })
  quotaId!: string | null;

  @FenColumn({ name: "face_value" })
  faceValueFen!: bigint;

  @FenColumn({ name: "balance" })
  balanceFen!: bigint;

  /** Comma-separated service types the voucher may pay for. */
  @Column({ name: "purchase_scope", type: "varchar", length: 400 })
  scope!: string;

  @Field(() => Boolean, {
    description: "A new-customer voucher (拉新券): it pays yearly/monthly purchases only, never on-demand usage.",
  })
  @Column({ name: "new_customer", type: "boolean" })
  newCustomer!: boolean;

  @Field(() => VoucherStatus, { description: "Where the voucher stands." })
  @Column({ type: "varchar", length: 20 })
  status!: VoucherStatus;

  @Field(() => DateTimeScalar, { description: "Usable from this instant." })
  @InstantColumn({ name: "valid_from" })
  validFrom!: string;

  @Field(() => DateTimeScalar, {
    description: "Usable until this instant; then it expires and its balance returns to the quota.",
  })
  @InstantColumn({ name: "valid_until" })
  validUntil!: string;

  @Field(() => DateTimeScalar, { description: "When it was issued." })
  @InstantColumn({ name: "issued_at" })
  issuedAt!: string;

  @Field(() => String, { nullable: true, description: "The partner's memo." })
  @Column({ type: "varchar", length: 200, nullable: true })
  memo!: string | null;

  @Field(() => Money, { description: "Face value at issue." })
  get faceValue(): Money {
    return money(this.faceValueFen);
  }

  @Field(() => Money, { description: "What is left to spend." })
  get balance(): Money {
    return money(this.balanceFen);
  }

  @Field(() => [String], { description: 'Service types it can pay for (its purchase type), e.g. ["ECS", "RDS"].' })
  get purchaseScope(): string[] {
    return this.scope.split(",");
  }
}
