import type { EntityManager, QueryRunner } from "typeorm";
import type { ConsumptionRecord } from "./entities/consumptionRecord.js";
import { Payer } from "./entities/consumptionRecord.js";

/**
 * Sums consumption lines into `consumption_days`, in the caller's transaction, so the roll-up
 * holds exactly what the lines hold. Bulk writes (the seed here, an import of the platform's
 * bills) end with this call; a line recorded alone adds itself with `addToConsumptionDay`.
 */
export async function rollUpConsumptionDays(db: EntityManager | QueryRunner): Promise<void> {
  await db.query(`DELETE FROM consumption_days`);
  await db.query(
    `INSERT INTO consumption_days (partner_id, day, customer_id, bill_cycle, service_type, official_amount, discount_amount, amount, partner_paid_amount)
     SELECT partner_id, SUBSTR(trade_time, 1, 10), customer_id, bill_cycle, service_type, SUM(official_amount), SUM(discount_amount), SUM(amount),
            SUM(CASE WHEN payer = 'PARTNER' THEN amount ELSE 0 END)
     FROM consumption_records
     GROUP BY partner_id, SUBSTR(trade_time, 1, 10), customer_id, bill_cycle, service_type`,
  );
}

/** Adds one line to its day in the line's transaction; concurrent lines of the same day add up (one upsert each). */
export async function addToConsumptionDay(db: EntityManager, line: ConsumptionRecord): Promise<void> {
  const partnerPaid = line.payer === Payer.PARTNER ? line.amountFen : 0n;
  // Named parameters, which the driver turns into its own placeholders (? or $n).
  const [sql, parameters] = db.connection.driver.escapeQueryWithParameters(
    `INSERT INTO consumption_days (partner_id, day, customer_id, bill_cycle, service_type, official_amount, discount_amount, amount, partner_paid_amount)
     VALUES (:partnerId, :day, :customerId, :billCycle, :serviceType, :official, :discount, :amount, :partnerPaid)
     ON CONFLICT (partner_id, day, customer_id, bill_cycle, service_type) DO UPDATE SET
       official_amount = consumption_days.official_amount + excluded.official_amount,
       discount_amount = consumption_days.discount_amount + excluded.discount_amount,
       amount = consumption_days.amount + excluded.amount,
       partner_paid_amount = consumption_days.partner_paid_amount + excluded.partner_paid_amount`,
    {
      partnerId: line.partnerId,
      day: line.tradeTime.slice(0, 10),
      customerId: line.customerId,
      billCycle: line.billCycle,
      serviceType: line.serviceType,
      official: line.officialFen.toString(),
      discount: line.discountFen.toString(),
      amount: line.amountFen.toString(),
      partnerPaid: partnerPaid.toString(),
    },
  );
  await db.query(sql, parameters);
}
