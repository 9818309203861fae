import { Table, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../common/columns.js";

const { ref, instant, text } = column;
const id = column.id();

export class CreateCustomers1763856000000 implements MigrationInterface {
  name = "CreateCustomers1763856000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "customers",
        columns: [
          id,
          text("real_name", 64),
          text("account_name", 32),
          text("customer_type", 20),
          text("new_customer_tag", 20),
        ],
        indices: [{ columnNames: ["account_name"], isUnique: true }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "associations",
        columns: [
          id,
          ref("customer_id"),
          ref("partner_id"),
          text("association_type", 20),
          text("source", 20),
          instant("associated_at"),
          text("label", 40, true),
          ref("manager_id", true),
          instant("manager_assigned_at", true),
          instant("ended_at", true),
        ],
        foreignKeys: [
          { columnNames: ["customer_id"], referencedTableName: "customers", referencedColumnNames: ["id"] },
        ],
      }),
    );
    await queryRunner.createIndex(
      "associations",
      new TableIndex({ columnNames: ["partner_id", "associated_at", "customer_id"] }),
    );
    await queryRunner.createIndex("associations", new TableIndex({ columnNames: ["partner_id", "manager_id"] }));
    // A customer has at most one active association (docs/domain.md: who cannot associate).
    await queryRunner.createIndex(
      "associations",
      new TableIndex({
        name: "associations_one_active",
        columnNames: ["customer_id"],
        isUnique: true,
        where: "ended_at IS NULL",
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "manager_assignments",
        columns: [
          id,
          ref("partner_id"),
          ref("customer_id"),
          ref("manager_id"),
          instant("assigned_at"),
          instant("ended_at", true),
        ],
        indices: [{ columnNames: ["customer_id", "assigned_at"] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "reveal_audits",
        columns: [
          id,
          ref("partner_id"),
          ref("staff_id", true),
          text("subject", 128),
          ref("customer_id"),
          text("field", 20),
          instant("revealed_at"),
        ],
        indices: [{ columnNames: ["partner_id", "revealed_at"] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ["reveal_audits", "manager_assignments", "associations", "customers"])
      await queryRunner.dropTable(table);
  }
}
