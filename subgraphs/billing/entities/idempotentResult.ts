import { Column, Entity, PrimaryColumn } from "typeorm";
import { InstantColumn } from "../../common/columns.js";

/**
 * The first result of a mutation made with an idempotency key: a retry with the same key
 * gets it back and moves nothing again; the same key with another request is a CONFLICT.
 */
@Entity({ name: "idempotent_results" })
export class IdempotentResult {
  /** `<owner>:<key>`: the partner (or customer) and the caller's key. */
  @PrimaryColumn({ type: "varchar", length: 150 })
  id!: string;

  @Column({ type: "varchar", length: 40 })
  operation!: string;

  /** SHA-256 of the request, to tell a retry from a reused key. */
  @Column({ type: "varchar", length: 64 })
  fingerprint!: string;

  @Column({ type: "text" })
  result!: string;

  @InstantColumn({ name: "created_at" })
  createdAt!: string;
}
