import { Table, type MigrationInterface, type QueryRunner } from "typeorm";

const text = (name: string, length: number) => ({ name, type: "varchar", length: String(length) });

export class CreateIncentives1763856000000 implements MigrationInterface {
  name = "CreateIncentives1763856000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "incentive_notices",
        columns: [
          { ...text("id", 36), isPrimary: true },
          text("partner_id", 36),
          text("period", 7),
          { name: "notice_amount", type: "bigint" },
          text("status", 20),
          text("notified_at", 24),
          text("claim_deadline", 24),
        ],
        indices: [{ columnNames: ["partner_id", "period", "id"] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("incentive_notices");
  }
}
