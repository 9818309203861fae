import { Table, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../common/columns.js";

const { text, ref, instant, fen, flag } = column;

export class CreateBilling1763856000000 implements MigrationInterface {
  name = "CreateBilling1763856000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "consumption_records",
        columns: [
          column.id(),
          ref("partner_id"),
          ref("customer_id"),
          text("bill_cycle", 7),
          instant("trade_time"),
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
    await queryRunner.createIndex(
      "consumption_records",
      new TableIndex({ columnNames: ["customer_id", "trade_time"] }),
    );
    await queryRunner.createIndex("consumption_records", new TableIndex({ columnNames: ["partner_id", "trade_time"] }));
    await queryRunner.createTable(
      new Table({
        name: "customer_balances",
        columns: [column.id("customer_id"), ref("partner_id"), fen("cash"), instant("updated_at")],
        indices: [{ columnNames: ["partner_id"] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "vouchers",
        columns: [
          column.id(),
          ref("partner_id"),
          ref("customer_id"),
          fen("face_value"),
          fen("balance"),
          text("purchase_scope", 400),
          flag("new_customer"),
          text("status", 20),
          instant("valid_from"),
          instant("valid_until"),
          instant("issued_at"),
        ],
        indices: [{ columnNames: ["partner_id", "issued_at"] }, { columnNames: ["customer_id", "issued_at"] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ["vouchers", "customer_balances", "consumption_records"]) await queryRunner.dropTable(table);
  }
}
