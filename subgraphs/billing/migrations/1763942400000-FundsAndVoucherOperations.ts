import { Table, TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../common/columns.js";

const { id, ref, text, instant, fen, int } = column;

/** Allocated funds and debt per customer, the funds ledger, voucher operations, outbox checkpoints. */
export class FundsAndVoucherOperations1763942400000 implements MigrationInterface {
  name = "FundsAndVoucherOperations1763942400000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns("customer_balances", [
      new TableColumn({ ...fen("allocated"), default: 0 }),
      new TableColumn({ ...fen("debt"), default: 0 }),
    ]);
    await queryRunner.createTable(
      new Table({
        name: "fund_transfers",
        columns: [
          id(),
          ref("partner_id"),
          ref("customer_id"),
          text("kind", 40),
          fen("amount"),
          text("memo", 200, true),
          text("idempotency_key", 100),
          instant("created_at"),
        ],
        indices: [
          { columnNames: ["partner_id", "created_at"] },
          { columnNames: ["partner_id", "idempotency_key"], isUnique: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "voucher_operations",
        columns: [id(), ref("voucher_id"), ref("partner_id"), text("kind", 40), fen("amount"), instant("created_at")],
        indices: [{ columnNames: ["voucher_id", "created_at"] }, { columnNames: ["partner_id", "created_at"] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "event_checkpoints",
        columns: [{ ...text("feed", 40), isPrimary: true }, int("last_sequence")],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ["event_checkpoints", "voucher_operations", "fund_transfers"])
      await queryRunner.dropTable(table);
    for (const name of ["debt", "allocated"]) await queryRunner.dropColumn("customer_balances", name);
  }
}
