import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { minorUnits } from "../../common/money.js";

/**
 * One line of a sub-customer's consumption details (API_NOTES.md, Consumption). Amounts are
 * integer fen; refunds are negative. Consumption is for viewing only, never a bill.
 */
@Entity({ name: "consumption_records" })
@Index(["customerId", "tradeTime"])
@Index(["partnerId", "tradeTime"])
export class ConsumptionRecord {
  @PrimaryColumn({ type: "varchar", length: 36 })
  id!: string;

  @Column({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  @Column({ name: "customer_id", type: "varchar", length: 36 })
  customerId!: string;

  /** YYYY-MM */
  @Column({ name: "bill_cycle", type: "varchar", length: 7 })
  billCycle!: string;

  @Column({ name: "trade_time", type: "varchar", length: 24 })
  tradeTime!: string;

  @Column({ name: "trade_id", type: "varchar", length: 40 })
  tradeId!: string;

  @Column({ name: "service_type", type: "varchar", length: 20 })
  serviceType!: string;

  @Column({ name: "resource_type", type: "varchar", length: 40 })
  resourceType!: string;

  @Column({ name: "resource_id", type: "varchar", length: 40 })
  resourceId!: string;

  @Column({ name: "resource_name", type: "varchar", length: 64 })
  resourceName!: string;

  @Column({ type: "varchar", length: 20 })
  region!: string;

  @Column({ name: "charging_mode", type: "varchar", length: 20 })
  chargingMode!: string;

  @Column({ name: "bill_detail_type", type: "varchar", length: 20 })
  billDetailType!: string;

  @Column({ name: "official_amount", type: "bigint", transformer: minorUnits })
  officialAmount!: bigint;

  @Column({ name: "discount_amount", type: "bigint", transformer: minorUnits })
  discountAmount!: bigint;

  /** What the consumption came to after discounts (official minus discount). */
  @Column({ type: "bigint", transformer: minorUnits })
  amount!: bigint;

  @Column({ name: "payment_method", type: "varchar", length: 20 })
  paymentMethod!: string;
}
