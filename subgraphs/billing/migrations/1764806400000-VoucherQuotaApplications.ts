import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../common/columns.js";

const { id, ref, text, instant, fen, int } = column;

/** Partners' applications for voucher quotas, reviewed by the platform. */
export class VoucherQuotaApplications1764806400000 implements MigrationInterface {
  name = "VoucherQuotaApplications1764806400000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "voucher_quota_applications",
        columns: [
          id(),
          ref("partner_id"),
          text("type", 20),
          fen("amount"),
          int("validity_months"),
          text("service_types", 400),
          text("reason", 500),
          text("applied_by", 128),
          instant("applied_at"),
          text("status", 20),
          instant("reviewed_at", true),
          text("comment", 500, true),
          ref("quota_id", true),
          instant("announced_at", true),
        ],
        indices: [
          { columnNames: ["partner_id", "applied_at"] },
          { columnNames: ["status", "applied_at"] },
          { columnNames: ["announced_at", "reviewed_at"] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("voucher_quota_applications");
  }
}
