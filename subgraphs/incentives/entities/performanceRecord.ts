import { Column, Entity, PrimaryColumn } from "typeorm";
import { minorUnits } from "../../common/money.js";

/** A partner's consumption of one service type in one closed period, as billing reported it. */
@Entity({ name: "performance_records" })
export class PerformanceRecord {
  @PrimaryColumn({ name: "partner_id", type: "varchar", length: 36 })
  partnerId!: string;

  @PrimaryColumn({ type: "varchar", length: 7 })
  period!: string;

  @PrimaryColumn({ name: "service_type", type: "varchar", length: 20 })
  serviceType!: string;

  @Column({ type: "bigint", transformer: minorUnits })
  amount!: bigint;
}
