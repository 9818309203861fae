import { registerEnumType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";

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
  @PrimaryColumn({ type: "varchar", length: 36 })
  id!: string;

  @Column({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  @Column({ name: "staff_id", type: "varchar", length: 36 })
  staffId!: string;

  @Column({ type: "varchar", length: 40 })
  action!: SensitiveAction;

  @Column({ name: "code_hash", type: "varchar", length: 64 })
  codeHash!: string;

  /** The code in clear, kept only outside production so developers can read it. */
  @Column({ name: "development_code", type: "varchar", length: 6, nullable: true })
  developmentCode!: string | null;

  @Column({ name: "created_at", type: "varchar", length: 24 })
  createdAt!: string;

  @Column({ name: "expires_at", type: "varchar", length: 24 })
  expiresAt!: string;

  @Column({ name: "consumed_at", type: "varchar", length: 24, nullable: true })
  consumedAt!: string | null;
}
