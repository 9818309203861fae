import { TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * One approval result per decided request of a kind: decisions other subgraphs report (voucher
 * quota applications) may be reported twice, and must be recorded once.
 */
export class OneResultPerRequest1764892800000 implements MigrationInterface {
  name = "OneResultPerRequest1764892800000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      "approval_results",
      new TableIndex({ name: "approval_results_kind_request", columnNames: ["kind", "request_id"], isUnique: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex("approval_results", "approval_results_kind_request");
  }
}
