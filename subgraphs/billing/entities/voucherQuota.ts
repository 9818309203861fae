import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { money, Money } from "../../common/money.js";
import { DateTimeScalar } from "../../../common/scalars.js";
import { IdColumn, RefColumn, InstantColumn, FenColumn } from "../../common/columns.js";

export enum QuotaType {
  VOUCHER = "VOUCHER",
  CASH_COUPON = "CASH_COUPON",
}
registerEnumType(QuotaType, {
  name: "QuotaType",
  description: "What a quota issues.",
  valuesConfig: { VOUCHER: { description: "Vouchers (代金券)." }, CASH_COUPON: { description: "Cash coupons." } },
});

export enum QuotaStatus {
  NORMAL = "NORMAL",
  INVALID = "INVALID",
  ADJUSTING = "ADJUSTING",
  FROZEN = "FROZEN",
  RECLAIMED = "RECLAIMED",
}
registerEnumType(QuotaStatus, {
  name: "QuotaStatus",
  description: "Whether a quota can issue.",
  valuesConfig: {
    NORMAL: { description: "Can issue." },
    INVALID: { description: "Invalid." },
    ADJUSTING: { description: "Being adjusted by the platform." },
    FROZEN: { description: "Frozen by the platform." },
    RECLAIMED: { description: "Taken back by the platform." },
  },
});

/** A voucher quota the platform granted a partner, from which it issues vouchers. */
@ObjectType({
  description:
    "A voucher quota the platform granted my partner; vouchers are issued from it and return their unused balance to it.",
})
@Entity({ name: "voucher_quotas" })
@Index(["partnerId"])
export class VoucherQuota {
  @Field(() => ID, { description: "The quota's id." })
  @IdColumn()
  id!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  @Field(() => QuotaType, { description: "What it issues." })
  @Column({ type: "varchar", length: 20 })
  type!: QuotaType;

  @FenColumn({ name: "value" })
  valueFen!: bigint;

  @FenColumn({ name: "balance" })
  balanceFen!: bigint;

  /** Comma-separated service types vouchers from it may cover. */
  @Column({ name: "service_types", type: "varchar", length: 400 })
  serviceTypeList!: string;

  @Field(() => DateTimeScalar, { description: "Vouchers may be valid from this instant on." })
  @InstantColumn({ name: "effective_at" })
  effectiveAt!: string;

  @Field(() => DateTimeScalar, { description: "The quota ends here; no voucher from it may be valid longer." })
  @InstantColumn({ name: "expires_at" })
  expiresAt!: string;

  @Field(() => QuotaStatus, { description: "Whether it can issue." })
  @Column({ type: "varchar", length: 20 })
  status!: QuotaStatus;

  @Field(() => Money, { description: "The value granted." })
  get value(): Money {
    return money(this.valueFen);
  }

  @Field(() => Money, { description: "What is left to issue." })
  get balance(): Money {
    return money(this.balanceFen);
  }

  @Field(() => [String], { description: "Service types its vouchers may cover (at most 10 per voucher)." })
  get serviceTypes(): string[] {
    return this.serviceTypeList.split(",");
  }
}
