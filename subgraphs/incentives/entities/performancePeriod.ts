import { Column, Entity, PrimaryColumn } from "typeorm";

/** A closed period whose performance was taken from billing (and when). */
@Entity({ name: "performance_periods" })
export class PerformancePeriod {
  @PrimaryColumn({ type: "varchar", length: 7 })
  period!: string;

  @Column({ name: "synced_at", type: "varchar", length: 24 })
  syncedAt!: string;
}
