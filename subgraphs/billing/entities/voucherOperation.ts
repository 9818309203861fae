import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { money, Money } from "../../common/money.js";
import { DateTimeScalar } from "../../../common/scalars.js";
import { IdColumn, RefColumn, InstantColumn, FenColumn } from "../../common/columns.js";

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
  @IdColumn()
  id!: string;

  @Field(() => ID, { description: "The voucher." })
  @RefColumn({ name: "voucher_id" })
  voucherId!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  @Field(() => VoucherOperationKind, { description: "What happened." })
  @Column({ type: "varchar", length: 40 })
  kind!: VoucherOperationKind;

  @FenColumn({ name: "amount" })
  amountFen!: bigint;

  @Field(() => DateTimeScalar, { description: "When." })
  @InstantColumn({ name: "created_at" })
  createdAt!: string;

  @Field(() => Money, { description: "The amount moved: issued, returned or paid." })
  get amount(): Money {
    return money(this.amountFen);
  }
}
