import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { minorUnits, money, Money } from "../../common/money.js";
import { DateTimeScalar } from "../../../common/scalars.js";

export enum VoucherOperationKind {
  ISSUE = "ISSUE",
  RECLAIM = "RECLAIM",
  RECLAIM_ON_DISSOCIATION = "RECLAIM_ON_DISSOCIATION",
  RECLAIM_ON_SWITCH = "RECLAIM_ON_SWITCH",
  EXPIRY_RECLAIM = "EXPIRY_RECLAIM",
  REDEEM = "REDEEM",
}
registerEnumType(VoucherOperationKind, {
  name: "VoucherOperationKind",
  description: "What happened to a voucher.",
  valuesConfig: {
    ISSUE: { description: "Issued from a quota." },
    RECLAIM: { description: "Reclaimed by the partner; the balance returned to the quota." },
    RECLAIM_ON_DISSOCIATION: { description: "Reclaimed automatically when the customer was dissociated." },
    RECLAIM_ON_SWITCH: { description: "Reclaimed automatically when the customer's association type was switched." },
    EXPIRY_RECLAIM: { description: "Expired; the balance returned to the quota." },
    REDEEM: { description: "Paid (part of) an order." },
  },
});

/** What happened to a voucher (API_NOTES.md, operation records); amounts in fen. */
@ObjectType({ description: "An operation record of a voucher." })
@Entity({ name: "voucher_operations" })
@Index(["voucherId", "createdAt"])
@Index(["partnerId", "createdAt"])
export class VoucherOperation {
  @Field(() => ID, { description: "The record's id." })
  @PrimaryColumn({ type: "varchar", length: 36 })
  id!: string;

  @Field(() => ID, { description: "The voucher." })
  @Column({ name: "voucher_id", type: "varchar", length: 36 })
  voucherId!: string;

  @Column({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  @Field(() => VoucherOperationKind, { description: "What happened." })
  @Column({ type: "varchar", length: 40 })
  kind!: VoucherOperationKind;

  @Column({ name: "amount", type: "bigint", transformer: minorUnits })
  amountFen!: bigint;

  @Field(() => DateTimeScalar, { description: "When." })
  @Column({ name: "created_at", type: "varchar", length: 24 })
  createdAt!: string;

  @Field(() => Money, { description: "The amount moved: issued, returned or paid." })
  get amount(): Money {
    return money(this.amountFen);
  }
}
