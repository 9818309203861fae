import { Table, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

const text = (name: string, length: number, isNullable = false) => ({ name, type: "varchar", length: String(length), isNullable });
const fen = (name: string) => ({ name, type: "bigint" });

export class CreateBilling1763856000000 implements MigrationInterface {
  name = "CreateBilling1763856000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "consumption_records",
        columns: [
          { ...text("id", 36), isPrimary: true },
          text("partner_id", 36),
          text("customer_id", 36),
          text("bill_cycle", 7),
          text("trade_time", 24),
          text("trade_id", 40),
          text("service_type", 20),
          text("resource_type", 40),
          text("resource_id", 40),
          text("resource_name", 64),
          text("region", 20),
          text("charging_mode", 20),
          text("bill_detail_type", 20),
          fen("official_amount"),
          fen("discount_amount"),
          fen("amount"),
          text("payment_method", 20),
        ],
      }),
    );
    await queryRunner.createIndex("consumption_records", new TableIndex({ columnNames: ["customer_id", "trade_time"] }));
    await queryRunner.createIndex("consumption_records", new TableIndex({ columnNames: ["partner_id", "trade_time"] }));
    await queryRunner.createTable(
      new Table({
        name: "customer_balances",
        columns: [{ ...text("customer_id", 36), isPrimary: true }, text("partner_id", 36), fen("cash"), text("updated_at", 24)],
        indices: [{ columnNames: ["partner_id"] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "vouchers",
        columns: [
          { ...text("id", 36), isPrimary: true },
          text("partner_id", 36),
          text("customer_id", 36),
          fen("face_value"),
          fen("balance"),
          text("purchase_scope", 400),
          { name: "new_customer", type: "boolean" },
          text("status", 20),
          text("valid_from", 24),
          text("valid_until", 24),
          text("issued_at", 24),
        ],
        indices: [{ columnNames: ["partner_id", "issued_at"] }, { columnNames: ["customer_id", "issued_at"] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ["vouchers", "customer_balances", "consumption_records"]) await queryRunner.dropTable(table);
  }
}
