import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../common/columns.js";

const { ref, text, fen } = column;

/** The daily roll-up of consumption lines (see ConsumptionDay), filled from the lines already there. */
export class ConsumptionDays1764201600000 implements MigrationInterface {
  name = "ConsumptionDays1764201600000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "consumption_days",
        columns: [
          { ...ref("partner_id"), isPrimary: true },
          { ...text("day", 10), isPrimary: true },
          { ...ref("customer_id"), isPrimary: true },
          { ...text("bill_cycle", 7), isPrimary: true },
          { ...text("service_type", 20), isPrimary: true },
          fen("official_amount"),
          fen("discount_amount"),
          fen("amount"),
        ],
      }),
    );
    // The roll-up as it was then; a migration keeps its own SQL so later columns cannot break it.
    await queryRunner.query(
      `INSERT INTO consumption_days (partner_id, day, customer_id, bill_cycle, service_type, official_amount, discount_amount, amount)
       SELECT partner_id, SUBSTR(trade_time, 1, 10), customer_id, bill_cycle, service_type, SUM(official_amount), SUM(discount_amount), SUM(amount)
       FROM consumption_records
       GROUP BY partner_id, SUBSTR(trade_time, 1, 10), customer_id, bill_cycle, service_type`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("consumption_days");
  }
}
