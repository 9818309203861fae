import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { money, Money } from "../../common/money.js";
import { DateTimeScalar } from "../../../common/scalars.js";
import { IdColumn, RefColumn, InstantColumn, FenColumn } from "../../common/columns.js";

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
    NOTIFIED: { description: "Announced in a notice; to be claimed within one year." },
    CLAIMED: { description: "Claimed by the partner, with a payout method." },
    INVOICED: { description: "The partner submitted its invoice (bank-transfer payouts)." },
    PAID: { description: "Paid out." },
    EXPIRED: { description: "Not claimed within one year of the notice; it can no longer be withdrawn." },
  },
});

export enum PayoutMethod {
  VOUCHER_QUOTA = "VOUCHER_QUOTA",
  BANK_TRANSFER = "BANK_TRANSFER",
  ACCOUNT_CREDIT = "ACCOUNT_CREDIT",
}
registerEnumType(PayoutMethod, {
  name: "PayoutMethod",
  description: "How a claimed incentive is paid out.",
  valuesConfig: {
    VOUCHER_QUOTA: { description: "As a voucher quota to issue to customers." },
    BANK_TRANSFER: { description: "By bank transfer; needs the partner's invoice first." },
    ACCOUNT_CREDIT: { description: "Credited to the partner's account balance." },
  },
});

/** An incentive notice (激励通知) of one reconciliation period, amounts in integer fen. */
@ObjectType({
  description:
    "An incentive notice: what my partner earned in one reconciliation period (对账期次), and where its payout stands.",
})
@Entity({ name: "incentive_notices" })
@Index(["partnerId", "period", "id"])
export class IncentiveNotice {
  @Field(() => ID, { description: "The notice's id." })
  @IdColumn()
  id!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  @Field(() => String, { description: "Reconciliation period (对账期次), YYYY-MM." })
  @Column({ type: "varchar", length: 7 })
  period!: string;

  @FenColumn({ name: "notice_amount" })
  noticeAmountFen!: bigint;

  /** For periods before 2019-01-01: the invoice amount the partner center showed, which counts. */
  @FenColumn({ name: "shown_invoice_amount", nullable: true })
  shownInvoiceFen!: bigint | null;

  @Column({ name: "status", type: "varchar", length: 20 })
  storedStatus!: IncentiveStatus;

  @Field(() => DateTimeScalar, { description: "When the notice was issued." })
  @InstantColumn({ name: "notified_at" })
  notifiedAt!: string;

  @Field(() => DateTimeScalar, {
    description:
      "Last moment to claim: one calendar year after the notice, at the same time of day (a notice of 29 February: 28 February).",
  })
  @InstantColumn({ name: "claim_deadline" })
  claimDeadline!: string;

  @Field(() => PayoutMethod, { nullable: true, description: "How it is paid out, chosen when claiming." })
  @Column({ name: "payout_method", type: "varchar", length: 20, nullable: true })
  payoutMethod!: PayoutMethod | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When it was claimed." })
  @InstantColumn({ name: "claimed_at", nullable: true })
  claimedAt!: string | null;

  @Field(() => String, { nullable: true, description: "The partner's invoice number." })
  @Column({ name: "invoice_number", type: "varchar", length: 40, nullable: true })
  invoiceNumber!: string | null;

  @Field(() => String, { nullable: true, description: "The settlement period named on the invoice, YYYY-MM." })
  @Column({ name: "settlement_period", type: "varchar", length: 7, nullable: true })
  settlementPeriod!: string | null;

  @Field(() => String, { nullable: true, description: "The payment requisition number named on the invoice." })
  @Column({ name: "payment_requisition_number", type: "varchar", length: 40, nullable: true })
  paymentRequisitionNumber!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the invoice was submitted." })
  @InstantColumn({ name: "invoiced_at", nullable: true })
  invoicedAt!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When it was paid out." })
  @InstantColumn({ name: "paid_at", nullable: true })
  paidAt!: string | null;

  @Field(() => Money, {
    description: "The incentive amount announced in the notice, VAT included at the platform's rate.",
  })
  get noticeAmount(): Money {
    return money(this.noticeAmountFen);
  }

  @Field(() => IncentiveStatus, {
    description: "Where the incentive is in its life; a notice not claimed by its deadline is EXPIRED.",
  })
  get status(): IncentiveStatus {
    return this.storedStatus === IncentiveStatus.NOTIFIED && this.claimDeadline < new Date().toISOString()
      ? IncentiveStatus.EXPIRED
      : this.storedStatus;
  }
}
