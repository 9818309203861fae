import { Column, Entity, PrimaryColumn } from "typeorm";

/** The platform's supplier record of a partner: the bank account incentives are paid to. */
@Entity({ name: "supplier_records" })
export class SupplierRecord {
  @PrimaryColumn({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  @Column({ name: "bank_name", type: "varchar", length: 100 })
  bankName!: string;

  @Column({ name: "bank_account", type: "varchar", length: 40 })
  bankAccount!: string;

  @Column({ name: "account_holder", type: "varchar", length: 200 })
  accountHolder!: string;
}
