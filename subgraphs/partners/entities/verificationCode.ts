import { registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { IdColumn, RefColumn, InstantColumn } from "../../common/columns.js";

export enum SensitiveAction {
  SWITCH_ASSOCIATION_TYPE = "SWITCH_ASSOCIATION_TYPE",
  DISSOCIATE_CUSTOMER = "DISSOCIATE_CUSTOMER",
}
registerEnumType(SensitiveAction, {
  name: "SensitiveAction",
  description: "Requests that need a one-time verification code when the partner turned codes on.",
  valuesConfig: {
    SWITCH_ASSOCIATION_TYPE: { description: "Requesting a customer's association-type switch." },
    DISSOCIATE_CUSTOMER: { description: "Dissociating a customer." },
  },
});

/** A one-time code sent to a staff member for one sensitive action; only its hash is kept. */
@Entity({ name: "verification_codes" })
@Index(["partnerId", "createdAt"])
export class VerificationCode {
  @IdColumn()
  id!: string;

  @RefColumn({ name: "partner_id" })
  partnerId!: string;

  @RefColumn({ name: "staff_id" })
  staffId!: string;

  @Column({ type: "varchar", length: 40 })
  action!: SensitiveAction;

  @Column({ name: "code_hash", type: "varchar", length: 64 })
  codeHash!: string;

  /** The code in clear, kept only outside production so developers can read it. */
  @Column({ name: "development_code", type: "varchar", length: 6, nullable: true })
  developmentCode!: string | null;

  @InstantColumn({ name: "created_at" })
  createdAt!: string;

  @InstantColumn({ name: "expires_at" })
  expiresAt!: string;

  @InstantColumn({ name: "consumed_at", nullable: true })
  consumedAt!: string | null;
}
