import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { money, minorUnits, Money } from "../../common/money.js";
import { DateTimeScalar } from "../../common/scalars.js";

export enum IncentiveStatus {
  NOTIFIED = "NOTIFIED",
  CLAIMED = "CLAIMED",
  INVOICED = "INVOICED",
  PAID = "PAID",
  EXPIRED = "EXPIRED",
}
registerEnumType(IncentiveStatus, {
  name: "IncentiveStatus",
  description: "Where an incentive is in its life.",
  valuesConfig: {
    NOTIFIED: { description: "Announced in a notice; not claimed yet." },
    CLAIMED: { description: "Claimed by the partner." },
    INVOICED: { description: "The partner submitted its invoice." },
    PAID: { description: "Paid out." },
    EXPIRED: { description: "Not claimed within its validity period; can no longer be withdrawn." },
  },
});

/** An incentive notice (激励通知) of one reconciliation period, amounts in integer fen. */
@ObjectType({ description: "An incentive notice: what a partner earned in one reconciliation period." })
@Entity({ name: "incentive_notices" })
@Index(["partnerId", "period", "id"])
export class IncentiveNotice {
  @Field(() => ID, { description: "The notice's id." })
  @PrimaryColumn({ type: "varchar", length: 36 })
  id!: string;

  @Column({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  @Field(() => String, { description: "Reconciliation period (对账期次), YYYY-MM." })
  @Column({ type: "varchar", length: 7 })
  period!: string;

  @Column({ name: "notice_amount", type: "bigint", transformer: minorUnits })
  noticeAmountFen!: bigint;

  @Field(() => Money, { description: "The incentive amount announced in the notice (tax included)." })
  get noticeAmount(): Money {
    return money(this.noticeAmountFen);
  }

  @Field(() => IncentiveStatus, { description: "Where the incentive is in its life." })
  @Column({ type: "varchar", length: 20 })
  status!: IncentiveStatus;

  @Field(() => DateTimeScalar, { description: "When the notice was issued." })
  @Column({ name: "notified_at", type: "varchar", length: 24 })
  notifiedAt!: string;

  @Field(() => DateTimeScalar, { description: "Last moment to claim: one year after the notice." })
  @Column({ name: "claim_deadline", type: "varchar", length: 24 })
  claimDeadline!: string;
}
