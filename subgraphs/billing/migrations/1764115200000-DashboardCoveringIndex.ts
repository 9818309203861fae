import { TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * The dashboard sums a partner's lines over a range: an index that holds every column it
 * reads lets the database answer from the index alone (228 ms → 98 ms for 140,000 lines of
 * one partner's 24 months on SQLite). It replaces the narrower (partner_id, trade_time) index.
 */
const COVERING = [
  "partner_id",
  "trade_time",
  "bill_cycle",
  "service_type",
  "amount",
  "official_amount",
  "discount_amount",
  "customer_id",
];

export class DashboardCoveringIndex1764115200000 implements MigrationInterface {
  name = "DashboardCoveringIndex1764115200000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const table = await queryRunner.getTable("consumption_records");
    const narrow = table!.indices.find((index) => index.columnNames.join() === "partner_id,trade_time");
    if (narrow) await queryRunner.dropIndex("consumption_records", narrow);
    await queryRunner.createIndex(
      "consumption_records",
      new TableIndex({ name: "consumption_records_dashboard", columnNames: COVERING }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex("consumption_records", "consumption_records_dashboard");
    await queryRunner.createIndex("consumption_records", new TableIndex({ columnNames: ["partner_id", "trade_time"] }));
  }
}
