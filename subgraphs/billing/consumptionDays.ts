import type { EntityManager, QueryRunner } from "typeorm";

/**
 * Sums consumption lines into `consumption_days`, in the caller's transaction, so the roll-up
 * holds exactly what the lines hold. Lines enter the graph only in bulk (the seed here, an
 * import of the platform's bills in production), and each bulk write ends with this call.
 */
export async function rollUpConsumptionDays(db: EntityManager | QueryRunner): Promise<void> {
  await db.query(`DELETE FROM consumption_days`);
  await db.query(
    `INSERT INTO consumption_days (partner_id, day, customer_id, bill_cycle, service_type, official_amount, discount_amount, amount)
     SELECT partner_id, SUBSTR(trade_time, 1, 10), customer_id, bill_cycle, service_type, SUM(official_amount), SUM(discount_amount), SUM(amount)
     FROM consumption_records
     GROUP BY partner_id, SUBSTR(trade_time, 1, 10), customer_id, bill_cycle, service_type`,
  );
}
