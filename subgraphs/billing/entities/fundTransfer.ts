import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { money, Money } from "../../common/money.js";
import { DateTimeScalar } from "../../../common/scalars.js";
import { IdColumn, RefColumn, InstantColumn, FenColumn } from "../../common/columns.js";

export enum FundTransferKind {
  ALLOCATE = "ALLOCATE",
  RECOVER = "RECOVER",
  RECOVERED_ON_DISSOCIATION = "RECOVERED_ON_DISSOCIATION",
}
registerEnumType(FundTransferKind, {
  name: "FundTransferKind",
  description: "Which way funds moved between my partner and a resale customer.",
  valuesConfig: {
    ALLOCATE: { description: "Allocated from the partner's cash to the customer." },
    RECOVER: { description: "Recovered from the customer's allocated funds to the partner." },
    RECOVERED_ON_DISSOCIATION: {
      description: "Returned automatically to the partner when the customer was dissociated.",
    },
  },
});

/** The ledger of funds between a partner and its resale customers; amounts in fen, always positive. */
@ObjectType({ description: "A movement of funds between my partner and a resale customer." })
@Entity({ name: "fund_transfers" })
@Index(["partnerId", "createdAt"])
@Index(["partnerId", "idempotencyKey"], { unique: true })
export class FundTransfer {
  @Field(() => ID, { description: "The transfer's id." })
  @IdColumn()
  id!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  @RefColumn({ name: "customer_id" })
  customerId!: string;

  @Field(() => FundTransferKind, { description: "Which way the funds moved." })
  @Column({ type: "varchar", length: 40 })
  kind!: FundTransferKind;

  @FenColumn({ name: "amount" })
  amountFen!: bigint;

  @Field(() => String, { nullable: true, description: "The partner's memo." })
  @Column({ type: "varchar", length: 200, nullable: true })
  memo!: string | null;

  /** The caller's key (or `event:<id>` for effects of an association event): one transfer per key. */
  @Field(() => String, {
    description: "The idempotency key it was made with: a retry with this key returns this transfer.",
  })
  @Column({ name: "idempotency_key", type: "varchar", length: 100 })
  idempotencyKey!: string;

  @Field(() => DateTimeScalar, { description: "When." })
  @InstantColumn({ name: "created_at" })
  createdAt!: string;

  @Field(() => Money, { description: "The amount moved, always positive." })
  get amount(): Money {
    return money(this.amountFen);
  }
}
