import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { money, Money } from "../../common/money.js";
import { DateTimeScalar } from "../../../common/scalars.js";
import { IdColumn, RefColumn, InstantColumn, FenColumn } from "../../common/columns.js";

/** A voucher paying an order: one voucher per order (docs/domain.md). */
@ObjectType({ description: "A voucher paying (part of) an order. One order can use only one voucher." })
@Entity({ name: "voucher_redemptions" })
@Index(["customerId", "orderId"], { unique: true })
export class VoucherRedemption {
  @Field(() => ID, { description: "The redemption's id." })
  @IdColumn()
  id!: string;

  @RefColumn({ name: "voucher_id" })
  voucherId!: string;

  @RefColumn({ name: "customer_id" })
  customerId!: string;

  @Field(() => String, { description: "The order paid." })
  @Column({ name: "order_id", type: "varchar", length: 64 })
  orderId!: string;

  @Field(() => String, { description: "The product's service type." })
  @Column({ name: "product_type", type: "varchar", length: 20 })
  productType!: string;

  @FenColumn({ name: "order_amount" })
  orderFen!: bigint;

  @FenColumn({ name: "paid" })
  paidFen!: bigint;

  @Field(() => DateTimeScalar, { description: "When." })
  @InstantColumn({ name: "redeemed_at" })
  redeemedAt!: string;

  @Field(() => Money, { description: "The order's amount." })
  get orderAmount(): Money {
    return money(this.orderFen);
  }

  @Field(() => Money, {
    description: "What the voucher paid: the whole order when its balance covered it, else its whole balance.",
  })
  get paidByVoucher(): Money {
    return money(this.paidFen);
  }

  @Field(() => Money, { description: "What the customer still pays otherwise." })
  get remainingToPay(): Money {
    return money(this.orderFen - this.paidFen);
  }
}
