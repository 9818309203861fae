import { Column, Entity, PrimaryColumn } from "typeorm";
import { minorUnits } from "../../common/money.js";

/**
 * One customer's consumption lines of one UTC day, bill cycle and service type, summed: what
 * the whole-partner dashboard reads instead of every line (a partner's million lines are a
 * few thousand days). Written with the lines (`rollUpConsumptionDays`); never shown as such.
 */
@Entity({ name: "consumption_days" })
export class ConsumptionDay {
  @PrimaryColumn({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  /** YYYY-MM-DD (UTC), the day of the lines' trade time. */
  @PrimaryColumn({ type: "varchar", length: 10 })
  day!: string;

  @PrimaryColumn({ name: "customer_id", type: "varchar", length: 36 })
  customerId!: string;

  @PrimaryColumn({ name: "bill_cycle", type: "varchar", length: 7 })
  billCycle!: string;

  @PrimaryColumn({ name: "service_type", type: "varchar", length: 20 })
  serviceType!: string;

  @Column({ name: "official_amount", type: "bigint", transformer: minorUnits })
  officialFen!: bigint;

  @Column({ name: "discount_amount", type: "bigint", transformer: minorUnits })
  discountFen!: bigint;

  @Column({ name: "amount", type: "bigint", transformer: minorUnits })
  amountFen!: bigint;

  /** The part of amount the partner paid on behalf of consulting-sales customers (payer PARTNER). */
  @Column({ name: "partner_paid_amount", type: "bigint", transformer: minorUnits, default: 0 })
  partnerPaidFen!: bigint;
}
