import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../common/columns.js";

export class CreateIncentives1763856000000 implements MigrationInterface {
  name = "CreateIncentives1763856000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "incentive_notices",
        columns: [
          column.id(),
          column.ref("partner_id"),
          column.text("period", 7),
          column.fen("notice_amount"),
          column.text("status", 20),
          column.instant("notified_at"),
          column.instant("claim_deadline"),
        ],
        indices: [{ columnNames: ["partner_id", "period", "id"] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("incentive_notices");
  }
}
