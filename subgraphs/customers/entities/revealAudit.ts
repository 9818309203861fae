import { Column, Entity, Index, PrimaryColumn } from "typeorm";

/** One reveal of a masked field: who saw which customer's what, and when. */
@Entity({ name: "reveal_audits" })
@Index(["partnerId", "revealedAt"])
export class RevealAudit {
  @PrimaryColumn({ type: "varchar", length: 36 })
  id!: string;

  @Column({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  @Column({ name: "staff_id", type: "varchar", length: 36, nullable: true })
  staffId!: string | null;

  @Column({ type: "varchar", length: 128 })
  subject!: string;

  @Column({ name: "customer_id", type: "varchar", length: 36 })
  customerId!: string;

  @Column({ type: "varchar", length: 20 })
  field!: string;

  @Column({ name: "revealed_at", type: "varchar", length: 24 })
  revealedAt!: string;
}
