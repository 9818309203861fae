import { Table, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

export class CreatePartners1763856000000 implements MigrationInterface {
  name = "CreatePartners1763856000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "partners",
        columns: [
          { name: "id", type: "varchar", length: "36", isPrimary: true },
          { name: "name", type: "varchar", length: "200" },
          { name: "type", type: "varchar", length: "20" },
          { name: "taxpayer_type", type: "varchar", length: "20" },
          { name: "verification_codes_enabled", type: "boolean", default: false },
          { name: "joined_at", type: "varchar", length: "24" },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "staff",
        columns: [
          { name: "id", type: "varchar", length: "36", isPrimary: true },
          { name: "partner_id", type: "varchar", length: "36" },
          { name: "name", type: "varchar", length: "100" },
          { name: "email", type: "varchar", length: "200" },
          { name: "role", type: "varchar", length: "20" },
          { name: "supervisor_id", type: "varchar", length: "36", isNullable: true },
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
