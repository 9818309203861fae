import { Table, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../common/columns.js";

export class CreatePartners1763856000000 implements MigrationInterface {
  name = "CreatePartners1763856000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "partners",
        columns: [
          column.id(),
          column.text("name", 200),
          column.text("type", 20),
          column.text("taxpayer_type", 20),
          column.flag("verification_codes_enabled", false),
          column.instant("joined_at"),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "staff",
        columns: [
          column.id(),
          column.ref("partner_id"),
          column.text("name", 100),
          column.text("email", 200),
          column.text("role", 20),
          column.ref("supervisor_id", true),
        ],
        foreignKeys: [{ columnNames: ["partner_id"], referencedTableName: "partners", referencedColumnNames: ["id"] }],
      }),
    );
    await queryRunner.createIndex("staff", new TableIndex({ columnNames: ["partner_id", "role"] }));
    await queryRunner.createIndex("staff", new TableIndex({ columnNames: ["supervisor_id"] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("staff");
    await queryRunner.dropTable("partners");
  }
}
