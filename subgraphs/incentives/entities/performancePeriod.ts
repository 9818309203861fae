import { Entity, PrimaryColumn } from "typeorm";
import { InstantColumn } from "../../common/columns.js";

/** A closed period whose performance was taken from billing (and when). */
@Entity({ name: "performance_periods" })
export class PerformancePeriod {
  @PrimaryColumn({ type: "varchar", length: 7 })
  period!: string;

  @InstantColumn({ name: "synced_at" })
  syncedAt!: string;
}
