import { Table, TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";
import { column } from "../../common/columns.js";

const { id, ref, text, instant, fen, int, flag, longText } = column;

/** Partner accounts, voucher quotas and redemptions, idempotent results, discounts, marketplace products. */
export class VouchersFundsDiscounts1764028800000 implements MigrationInterface {
  name = "VouchersFundsDiscounts1764028800000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns("vouchers", [
      new TableColumn(ref("quota_id", true)),
      new TableColumn(text("memo", 200, true)),
    ]);
    const tables = [
      new Table({
        name: "partner_accounts",
        columns: [
          id("partner_id"),
          fen("cash"),
          fen("credit"),
          fen("bonus"),
          fen("deposit"),
          fen("ring_fenced"),
          flag("discount_permission", false),
        ],
      }),
      new Table({
        name: "voucher_quotas",
        columns: [
          id(),
          ref("partner_id"),
          text("type", 20),
          fen("value"),
          fen("balance"),
          text("service_types", 400),
          instant("effective_at"),
          instant("expires_at"),
          text("status", 20),
        ],
        indices: [{ columnNames: ["partner_id"] }],
      }),
      new Table({
        name: "voucher_redemptions",
        columns: [
          id(),
          ref("voucher_id"),
          ref("customer_id"),
          text("order_id", 64),
          text("product_type", 20),
          fen("order_amount"),
          fen("paid"),
          instant("redeemed_at"),
        ],
        indices: [{ columnNames: ["customer_id", "order_id"], isUnique: true }, { columnNames: ["voucher_id"] }],
      }),
      new Table({
        name: "idempotent_results",
        columns: [
          { ...text("id", 150), isPrimary: true },
          text("operation", 40),
          text("fingerprint", 64),
          longText("result"),
          instant("created_at"),
        ],
      }),
      new Table({
        name: "customer_discounts",
        columns: [
          id("customer_id"),
          ref("partner_id"),
          int("rate"),
          instant("effective_from"),
          instant("expires_at", true),
        ],
      }),
      new Table({
        name: "marketplace_products",
        columns: [id(), text("name", 100), text("service_type", 20), text("unit", 40), fen("list_price")],
      }),
      new Table({
        name: "product_discounts",
        columns: [{ ...ref("partner_id"), isPrimary: true }, { ...ref("product_id"), isPrimary: true }, int("rate")],
      }),
    ];
    for (const table of tables) await queryRunner.createTable(table);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      "product_discounts",
      "marketplace_products",
      "customer_discounts",
      "idempotent_results",
      "voucher_redemptions",
      "voucher_quotas",
      "partner_accounts",
    ])
      await queryRunner.dropTable(table);
    for (const name of ["memo", "quota_id"]) await queryRunner.dropColumn("vouchers", name);
  }
}
