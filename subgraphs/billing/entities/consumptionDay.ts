import { Entity, PrimaryColumn } from "typeorm";
import { IdColumn, FenColumn } from "../../common/columns.js";

/**
 * One customer's consumption lines of one UTC day, bill cycle and service type, summed: what
 * the whole-partner dashboard reads instead of every line (a partner's million lines are a
 * few thousand days). Written with the lines (`rollUpConsumptionDays`); never shown as such.
 */
@Entity({ name: "consumption_days" })
export class ConsumptionDay {
  @IdColumn({ name: "partner_id" })
  partnerId!: string;

  /** YYYY-MM-DD (UTC), the day of the lines' trade time. */
  @PrimaryColumn({ type: "varchar", length: 10 })
  day!: string;

  @IdColumn({ name: "customer_id" })
  customerId!: string;

  @PrimaryColumn({ name: "bill_cycle", type: "varchar", length: 7 })
  billCycle!: string;

  @PrimaryColumn({ name: "service_type", type: "varchar", length: 20 })
  serviceType!: string;

  @FenColumn({ name: "official_amount" })
  officialFen!: bigint;

  @FenColumn({ name: "discount_amount" })
  discountFen!: bigint;

  @FenColumn({ name: "amount" })
  amountFen!: bigint;

  /** The part of amount the partner paid on behalf of consulting-sales customers (payer PARTNER). */
  @FenColumn({ name: "partner_paid_amount", default: 0 })
  partnerPaidFen!: bigint;
}
