import { Table, TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../common/columns.js";

const { id, ref, text, instant, fen, int, flag } = column;

/** Payout and invoice of a notice, tax rates, incentive policies, performance from billing. */
export class IncentiveLifecycle1764028800000 implements MigrationInterface {
  name = "IncentiveLifecycle1764028800000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns("incentive_notices", [
      new TableColumn({ ...fen("shown_invoice_amount"), isNullable: true }),
      new TableColumn(text("payout_method", 20, true)),
      new TableColumn(instant("claimed_at", true)),
      new TableColumn(text("invoice_number", 40, true)),
      new TableColumn(text("settlement_period", 7, true)),
      new TableColumn(text("payment_requisition_number", 40, true)),
      new TableColumn(instant("invoiced_at", true)),
      new TableColumn(instant("paid_at", true)),
    ]);
    const tables = [
      new Table({
        name: "tax_rates",
        columns: [
          id(),
          text("taxpayer_type", 20),
          int("rate"),
          text("effective_from", 10),
          text("effective_to", 10, true),
        ],
      }),
      new Table({
        name: "incentive_policies",
        columns: [
          id(),
          text("service_type", 20),
          text("name", 100),
          int("rate"),
          flag("discounts_allowed"),
          text("effective_from", 10),
          text("effective_to", 10, true),
        ],
      }),
      new Table({
        name: "performance_records",
        columns: [
          { ...ref("partner_id"), isPrimary: true },
          { ...text("period", 7), isPrimary: true },
          { ...text("service_type", 20), isPrimary: true },
          fen("amount"),
        ],
      }),
      new Table({
        name: "performance_periods",
        columns: [{ ...text("period", 7), isPrimary: true }, instant("synced_at")],
      }),
    ];
    for (const table of tables) await queryRunner.createTable(table);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ["performance_periods", "performance_records", "incentive_policies", "tax_rates"])
      await queryRunner.dropTable(table);
    for (const name of [
      "paid_at",
      "invoiced_at",
      "payment_requisition_number",
      "settlement_period",
      "invoice_number",
      "claimed_at",
      "payout_method",
      "shown_invoice_amount",
    ]) {
      await queryRunner.dropColumn("incentive_notices", name);
    }
  }
}
