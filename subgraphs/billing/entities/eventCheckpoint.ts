import { Column, Entity, PrimaryColumn } from "typeorm";

/** How far billing has applied another subgraph's outbox; moved in the same transaction as the effects. */
@Entity({ name: "event_checkpoints" })
export class EventCheckpoint {
  @PrimaryColumn({ type: "varchar", length: 40 })
  feed!: string;

  @Column({ name: "last_sequence", type: "integer" })
  lastSequence!: number;
}
