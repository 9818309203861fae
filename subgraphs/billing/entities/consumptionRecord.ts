import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { money, Money } from "../../common/money.js";
import { DateTimeScalar } from "../../../common/scalars.js";
import { IdColumn, RefColumn, InstantColumn, FenColumn } from "../../common/columns.js";

export const NOT_A_BILL =
  "Consumption is for viewing only: it is not the partner's bill and never the basis for settlement, repayment or invoicing.";

export enum ChargingMode {
  YEARLY_MONTHLY = "YEARLY_MONTHLY",
  ON_DEMAND = "ON_DEMAND",
  RESERVED_INSTANCE = "RESERVED_INSTANCE",
  SAVINGS_PLAN = "SAVINGS_PLAN",
}
registerEnumType(ChargingMode, {
  name: "ChargingMode",
  description: "How a resource is charged.",
  valuesConfig: {
    YEARLY_MONTHLY: { description: "Yearly or monthly subscription, paid in advance." },
    ON_DEMAND: { description: "Pay per use." },
    RESERVED_INSTANCE: { description: "Reserved instance." },
    SAVINGS_PLAN: { description: "Savings plan." },
  },
});

export enum BillDetailType {
  NEW_PURCHASE = "NEW_PURCHASE",
  RENEWAL = "RENEWAL",
  CHANGE = "CHANGE",
  REFUND = "REFUND",
  USAGE = "USAGE",
}
registerEnumType(BillDetailType, {
  name: "BillDetailType",
  description: "What a consumption line was for.",
  valuesConfig: {
    NEW_PURCHASE: { description: "A new subscription." },
    RENEWAL: { description: "A renewal." },
    CHANGE: { description: "A change of specification." },
    REFUND: { description: "A refund (negative amounts)." },
    USAGE: { description: "Pay-per-use usage." },
  },
});

export enum PaymentMethod {
  CASH = "CASH",
  CREDIT = "CREDIT",
  VOUCHER = "VOUCHER",
  CASH_COUPON = "CASH_COUPON",
  STORED_VALUE_CARD = "STORED_VALUE_CARD",
  DEBT = "DEBT",
  WRITE_OFF = "WRITE_OFF",
}
registerEnumType(PaymentMethod, {
  name: "PaymentMethod",
  description: "How a consumption line was paid.",
  valuesConfig: {
    CASH: { description: "Cash balance." },
    CREDIT: { description: "Credit line." },
    VOUCHER: { description: "A voucher (代金券)." },
    CASH_COUPON: { description: "A cash coupon." },
    STORED_VALUE_CARD: { description: "A stored-value card." },
    DEBT: { description: "Not paid yet: owed (arrears)." },
    WRITE_OFF: { description: "Written off." },
  },
});

export enum Payer {
  CUSTOMER = "CUSTOMER",
  PARTNER = "PARTNER",
}
registerEnumType(Payer, {
  name: "Payer",
  description: "Who paid a consumption line.",
  valuesConfig: {
    CUSTOMER: { description: "The customer itself (every resale line, and consulting-sales lines it pays)." },
    PARTNER: {
      description: "The partner, on behalf of a consulting-sales customer: it came out of the partner's cash.",
    },
  },
});

export enum FundingSource {
  CUSTOMER_CASH = "CUSTOMER_CASH",
  ALLOCATED_FUNDS = "ALLOCATED_FUNDS",
  VOUCHER = "VOUCHER",
}
registerEnumType(FundingSource, {
  name: "FundingSource",
  description: "What a resale customer's consumption line was paid from.",
  valuesConfig: {
    CUSTOMER_CASH: { description: "The customer's own balance (it stays usable after associating)." },
    ALLOCATED_FUNDS: { description: "Funds the partner allocated to the customer; they decrease by the line." },
    VOUCHER: { description: "A voucher or cash coupon." },
  },
});

/**
 * One line of a sub-customer's consumption details (API_NOTES.md, Consumption). Amounts are
 * integer fen; refunds are negative.
 */
@ObjectType({ description: `One line of a customer's consumption details. ${NOT_A_BILL}` })
@Entity({ name: "consumption_records" })
@Index(["customerId", "tradeTime"])
@Index("consumption_records_dashboard", [
  "partnerId",
  "tradeTime",
  "billCycle",
  "serviceType",
  "amountFen",
  "officialFen",
  "discountFen",
  "customerId",
])
@Index("consumption_records_cycle", ["partnerId", "billCycle", "customerId"])
export class ConsumptionRecord {
  @Field(() => ID, { description: "The line's id." })
  @IdColumn()
  id!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  @Field(() => String, { description: "The customer's id." })
  @RefColumn({ name: "customer_id" })
  customerId!: string;

  @Field(() => String, { description: "Bill cycle, YYYY-MM." })
  @Column({ name: "bill_cycle", type: "varchar", length: 7 })
  billCycle!: string;

  @Field(() => DateTimeScalar, { description: "When it was charged." })
  @InstantColumn({ name: "trade_time" })
  tradeTime!: string;

  @Field(() => String, { description: "The platform's trade (order or usage) id." })
  @Column({ name: "trade_id", type: "varchar", length: 40 })
  tradeId!: string;

  @Field(() => String, { description: "Cloud service type, e.g. ECS, OBS, RDS." })
  @Column({ name: "service_type", type: "varchar", length: 20 })
  serviceType!: string;

  @Field(() => String, { description: "Resource type, e.g. ecs.instance." })
  @Column({ name: "resource_type", type: "varchar", length: 40 })
  resourceType!: string;

  @Field(() => String, { description: "Resource id." })
  @Column({ name: "resource_id", type: "varchar", length: 40 })
  resourceId!: string;

  @Field(() => String, { description: "Resource name." })
  @Column({ name: "resource_name", type: "varchar", length: 64 })
  resourceName!: string;

  @Field(() => String, { description: "Region, e.g. cn-north-4." })
  @Column({ type: "varchar", length: 20 })
  region!: string;

  @Field(() => ChargingMode, { description: "How the resource is charged." })
  @Column({ name: "charging_mode", type: "varchar", length: 20 })
  chargingMode!: ChargingMode;

  @Field(() => BillDetailType, { description: "What the line was for." })
  @Column({ name: "bill_detail_type", type: "varchar", length: 20 })
  billDetailType!: BillDetailType;

  @FenColumn({ name: "official_amount" })
  officialFen!: bigint;

  @FenColumn({ name: "discount_amount" })
  discountFen!: bigint;

  /** What the consumption came to after discounts (official minus discount). */
  @FenColumn({ name: "amount" })
  amountFen!: bigint;

  @Field(() => PaymentMethod, { description: "How it was paid." })
  @Column({ name: "payment_method", type: "varchar", length: 20 })
  paymentMethod!: PaymentMethod;

  @Field(() => Payer, { description: "Who paid the line: the customer, or the partner on its behalf." })
  @Column({ type: "varchar", length: 10, default: Payer.CUSTOMER })
  payer!: Payer;

  /** Set on resale lines only: consulting-sales customers fund their own consumption (see payer). */
  @Field(() => FundingSource, {
    nullable: true,
    description:
      "What a resale line was paid from; null on consulting-sales lines and on lines recorded before funding sources were kept.",
  })
  @Column({ name: "funding_source", type: "varchar", length: 20, nullable: true })
  fundingSource!: FundingSource | null;

  @Field(() => Money, { description: "Amount at official (list) prices." })
  get officialAmount(): Money {
    return money(this.officialFen);
  }

  @Field(() => Money, { description: "Discount granted." })
  get discountAmount(): Money {
    return money(this.discountFen);
  }

  @Field(() => Money, { description: "Amount after discounts: official amount minus discount (negative for refunds)." })
  get amount(): Money {
    return money(this.amountFen);
  }
}
