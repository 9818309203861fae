import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../common/columns.js";
import { rollUpConsumptionDays } from "../consumptionDays.js";

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
    await rollUpConsumptionDays(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("consumption_days");
  }
}
