import { Entity, PrimaryColumn } from "typeorm";
import { IdColumn, FenColumn } from "../../common/columns.js";

/** A partner's consumption of one service type in one closed period, as billing reported it. */
@Entity({ name: "performance_records" })
export class PerformanceRecord {
  @IdColumn({ name: "partner_id" })
  partnerId!: string;

  @PrimaryColumn({ type: "varchar", length: 7 })
  period!: string;

  @PrimaryColumn({ name: "service_type", type: "varchar", length: 20 })
  serviceType!: string;

  @FenColumn()
  amount!: bigint;
}
