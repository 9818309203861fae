import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../common/columns.js";

const { id, ref, text, instant } = column;

/**
 * Dissociation by request: either side files one, and it takes effect when its waiting period
 * ends. At most one pending request per association (a partial unique index, which SQLite and
 * PostgreSQL both have), so two concurrent filings cannot both succeed.
 */
export class DissociationRequests1764979200000 implements MigrationInterface {
  name = "DissociationRequests1764979200000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "dissociation_requests",
        columns: [
          id(),
          ref("partner_id"),
          ref("customer_id"),
          ref("association_id"),
          text("filed_by", 20),
          text("requested_by", 128),
          text("reason", 500),
          text("status", 20),
          instant("requested_at"),
          instant("effective_at"),
          instant("decided_at", true),
          text("comment", 500, true),
        ],
        indices: [
          { columnNames: ["partner_id", "requested_at"] },
          { columnNames: ["status", "effective_at"] },
          { columnNames: ["customer_id"] },
          {
            name: "dissociation_requests_one_pending",
            columnNames: ["association_id"],
            isUnique: true,
            where: "status = 'PENDING'",
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("dissociation_requests");
  }
}
