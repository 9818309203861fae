import { Column, Entity } from "typeorm";
import { IdColumn } from "../../common/columns.js";

/** The platform's supplier record of a partner: the bank account incentives are paid to. */
@Entity({ name: "supplier_records" })
export class SupplierRecord {
  @IdColumn({ name: "partner_id" })
  partnerId!: string;

  @Column({ name: "bank_name", type: "varchar", length: 100 })
  bankName!: string;

  @Column({ name: "bank_account", type: "varchar", length: 40 })
  bankAccount!: string;

  @Column({ name: "account_holder", type: "varchar", length: 200 })
  accountHolder!: string;
}
