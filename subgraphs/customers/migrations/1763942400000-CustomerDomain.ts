import { Table, TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../common/columns.js";

const { id, ref, text, instant, int, fen, flag } = column;

/** Customer account facts, switch requests, approval results (the outbox), reporting, opportunities. */
export class CustomerDomain1763942400000 implements MigrationInterface {
  name = "CustomerDomain1763942400000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns("customers", [
      new TableColumn(text("phone", 20, true)),
      new TableColumn(text("email", 100, true)),
      new TableColumn({ ...text("verification_status", 20), default: "'NONE'" }),
      new TableColumn({ ...text("level", 4), default: "'V0'" }),
      new TableColumn(flag("frozen", false)),
      new TableColumn({ ...int("enterprise_members"), default: 0 }),
      new TableColumn(instant("reserved_instances_until", true)),
    ]);
    await queryRunner.createTable(
      new Table({
        name: "association_switch_requests",
        columns: [
          id(),
          ref("customer_id"),
          ref("partner_id"),
          ref("association_id"),
          text("from_type", 20),
          text("target_type", 20),
          text("reason", 500),
          text("status", 20),
          text("requested_by", 128),
          instant("requested_at"),
          instant("expires_at"),
          instant("decided_at", true),
          text("comment", 500, true),
        ],
        indices: [
          { columnNames: ["partner_id", "requested_at"] },
          { columnNames: ["customer_id", "status"] },
          { columnNames: ["status", "expires_at"] },
        ],
      }),
    );
    // The outbox of decisions: written in the decision's transaction, read in `sequence` order.
    await queryRunner.createTable(
      new Table({
        name: "approval_results",
        columns: [
          { name: "sequence", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          ref("id"),
          ref("partner_id"),
          ref("customer_id"),
          ref("manager_id", true),
          text("kind", 40),
          text("status", 20),
          ref("request_id", true),
          instant("decided_at"),
          text("decided_by", 20),
          text("comment", 500, true),
        ],
        indices: [
          { columnNames: ["partner_id", "sequence"] },
          { columnNames: ["customer_id", "decided_at"] },
          { columnNames: ["id"], isUnique: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "customer_reports",
        columns: [
          id(),
          ref("partner_id"),
          text("account_name", 32),
          text("reason", 500),
          text("reported_by", 128),
          instant("reported_at"),
          instant("valid_until"),
          instant("converted_at", true),
        ],
        indices: [{ columnNames: ["account_name", "valid_until"] }, { columnNames: ["partner_id", "reported_at"] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "marketing_tasks",
        columns: [
          id(),
          ref("partner_id"),
          text("name", 100),
          text("description", 500),
          instant("starts_at"),
          instant("ends_at"),
        ],
        indices: [{ columnNames: ["partner_id"] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "opportunities",
        columns: [
          id(),
          ref("partner_id"),
          text("source", 20),
          ref("customer_id", true),
          ref("marketing_task_id", true),
          ref("owner_id", true),
          text("name", 100),
          text("status", 20),
          { ...fen("expected_amount"), isNullable: true },
          text("products", 200, true),
          text("expected_close_date", 10, true),
          text("created_by", 128),
          instant("created_at"),
          instant("submitted_at", true),
        ],
        indices: [{ columnNames: ["partner_id", "created_at"] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      "opportunities",
      "marketing_tasks",
      "customer_reports",
      "approval_results",
      "association_switch_requests",
    ])
      await queryRunner.dropTable(table);
    for (const name of [
      "reserved_instances_until",
      "enterprise_members",
      "frozen",
      "level",
      "verification_status",
      "email",
      "phone",
    ])
      await queryRunner.dropColumn("customers", name);
  }
}
