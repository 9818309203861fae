import { Column, Entity, Index, PrimaryColumn } from "typeorm";

/** History of who managed a customer for a partner, and from when to when. */
@Entity({ name: "manager_assignments" })
@Index(["customerId", "assignedAt"])
export class ManagerAssignment {
  @PrimaryColumn({ type: "varchar", length: 36 })
  id!: string;

  @Column({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  @Column({ name: "customer_id", type: "varchar", length: 36 })
  customerId!: string;

  @Column({ name: "manager_id", type: "varchar", length: 36 })
  managerId!: string;

  @Column({ name: "assigned_at", type: "varchar", length: 24 })
  assignedAt!: string;

  @Column({ name: "ended_at", type: "varchar", length: 24, nullable: true })
  endedAt!: string | null;
}
