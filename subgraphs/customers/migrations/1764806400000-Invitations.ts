import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../common/columns.js";

const { id, ref, text, instant } = column;

/** Partners' invitations to customer accounts (by account name or e-mail). */
export class Invitations1764806400000 implements MigrationInterface {
  name = "Invitations1764806400000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "invitations",
        columns: [
          id(),
          ref("partner_id"),
          text("account_name", 32, true),
          text("email", 100, true),
          text("association_type", 20),
          text("message", 500, true),
          text("code", 12),
          text("invited_by", 128),
          ref("manager_id", true),
          instant("invited_at"),
          instant("expires_at"),
          text("status", 20),
          instant("responded_at", true),
          ref("customer_id", true),
        ],
        indices: [
          { columnNames: ["partner_id", "invited_at"] },
          { columnNames: ["account_name"] },
          { columnNames: ["email"] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("invitations");
  }
}
