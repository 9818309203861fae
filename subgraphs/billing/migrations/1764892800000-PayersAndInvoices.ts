import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../common/columns.js";
import { rollUpConsumptionDays } from "../consumptionDays.js";

const { id, ref, text, instant, fen, int } = column;

/**
 * Who paid each consumption line and from what, the partner-paid part of the daily roll-up, and
 * the invoices partners issue resale customers. Lines already there were paid by their
 * customers; their funding source is unknown (null), so they are invoiced by no partner.
 */
export class PayersAndInvoices1764892800000 implements MigrationInterface {
  name = "PayersAndInvoices1764892800000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE consumption_records ADD COLUMN payer varchar(10) NOT NULL DEFAULT 'CUSTOMER'`);
    await queryRunner.query(`ALTER TABLE consumption_records ADD COLUMN funding_source varchar(20)`);
    await queryRunner.query(`ALTER TABLE consumption_days ADD COLUMN partner_paid_amount bigint NOT NULL DEFAULT 0`);
    await rollUpConsumptionDays(queryRunner);
    // Invoices sum a partner's lines of one bill cycle.
    await queryRunner.query(
      `CREATE INDEX consumption_records_cycle ON consumption_records (partner_id, bill_cycle, customer_id)`,
    );
    await queryRunner.createTable(
      new Table({
        name: "invoices",
        columns: [
          id(),
          ref("partner_id"),
          ref("customer_id"),
          text("bill_cycle", 7),
          fen("amount"),
          fen("tax"),
          int("tax_rate"),
          text("status", 10),
          instant("created_at"),
          instant("issued_at", true),
        ],
        indices: [
          { columnNames: ["partner_id", "customer_id", "bill_cycle"], isUnique: true },
          { columnNames: ["partner_id", "bill_cycle", "id"] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("invoices");
    await queryRunner.query(`DROP INDEX consumption_records_cycle`);
    await queryRunner.query(`ALTER TABLE consumption_days DROP COLUMN partner_paid_amount`);
    await queryRunner.query(`ALTER TABLE consumption_records DROP COLUMN funding_source`);
    await queryRunner.query(`ALTER TABLE consumption_records DROP COLUMN payer`);
  }
}
