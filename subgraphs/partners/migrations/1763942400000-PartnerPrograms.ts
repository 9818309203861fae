import { Table, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../common/columns.js";

const { id, ref, text, instant, int, longText } = column;

/** Programs and benefits, certifications, capability labels, development path, verification codes. */
export class PartnerPrograms1763942400000 implements MigrationInterface {
  name = "PartnerPrograms1763942400000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const tables = [
      new Table({
        name: "programs",
        columns: [
          id(),
          text("code", 40),
          text("name", 100),
          text("description", 1000),
          text("kind", 20),
          text("partner_type", 20, true),
          int("validity_months"),
        ],
      }),
      new Table({
        name: "program_benefits",
        columns: [id(), ref("program_id"), text("name", 100), text("description", 500), int("validity_days")],
      }),
      new Table({
        name: "program_memberships",
        columns: [
          id(),
          ref("partner_id"),
          ref("program_id"),
          instant("joined_at"),
          text("certificate_number", 40),
          instant("valid_until"),
        ],
        indices: [{ columnNames: ["partner_id", "program_id"], isUnique: true }],
      }),
      new Table({
        name: "benefit_grants",
        columns: [
          id(),
          ref("partner_id"),
          ref("membership_id"),
          ref("benefit_id"),
          instant("granted_at"),
          instant("valid_until"),
        ],
        indices: [{ columnNames: ["membership_id"] }],
      }),
      new Table({
        name: "documents",
        columns: [
          id(),
          ref("partner_id"),
          text("file_name", 200),
          text("content_type", 60),
          int("size"),
          text("sha256", 64),
          longText("content_base64"),
          instant("uploaded_at"),
        ],
      }),
      new Table({
        name: "supplier_records",
        columns: [id("partner_id"), text("bank_name", 100), text("bank_account", 40), text("account_holder", 200)],
      }),
      new Table({
        name: "business_certifications",
        columns: [
          id(),
          ref("partner_id"),
          text("status", 20),
          text("company_name", 200),
          text("bank_name", 100),
          text("bank_account", 40),
          text("account_holder", 200),
          text("failure_reason", 500, true),
          ref("bank_letter_id", true),
          instant("submitted_at"),
          instant("review_due_by", true),
          instant("reviewed_at", true),
        ],
        indices: [{ columnNames: ["partner_id", "submitted_at"] }],
      }),
      new Table({
        name: "capability_labels",
        columns: [id(), text("code", 40), text("name", 100), int("review_working_days")],
      }),
      new Table({
        name: "capability_label_applications",
        columns: [
          id(),
          ref("partner_id"),
          ref("label_id"),
          text("status", 20),
          instant("applied_at"),
          instant("review_due_by"),
          instant("reviewed_at", true),
          text("comment", 500, true),
        ],
        indices: [{ columnNames: ["partner_id", "label_id"] }],
      }),
      new Table({
        name: "development_paths",
        columns: [
          id("partner_id"),
          text("stage", 20),
          instant("stage_since"),
          instant("exited_at", true),
          text("exit_reason", 500, true),
        ],
      }),
      new Table({
        name: "verification_codes",
        columns: [
          id(),
          ref("partner_id"),
          ref("staff_id"),
          text("action", 40),
          text("code_hash", 64),
          text("development_code", 6, true),
          instant("created_at"),
          instant("expires_at"),
          instant("consumed_at", true),
        ],
      }),
    ];
    for (const table of tables) await queryRunner.createTable(table);
    await queryRunner.createIndex("verification_codes", new TableIndex({ columnNames: ["partner_id", "created_at"] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      "verification_codes",
      "development_paths",
      "capability_label_applications",
      "capability_labels",
      "business_certifications",
      "supplier_records",
      "documents",
      "benefit_grants",
      "program_memberships",
      "program_benefits",
      "programs",
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
