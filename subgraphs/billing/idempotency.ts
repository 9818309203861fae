import { createHash } from "node:crypto";
import type { DataSource, EntityManager } from "typeorm";
import { badUserInput, conflict } from "../../common/errors.js";
import { IdempotentResult } from "./entities/idempotentResult.js";

export interface Idempotent<T> {
  /** Whose key it is: the partner (or the customer, for redemptions). */
  owner: string;
  key: string;
  operation: string;
  /** The request as given: a retry must repeat it exactly. */
  request: unknown;
  run(tx: EntityManager): Promise<T>;
  /** What to keep of the result, and how to load it back for a retry. */
  keep(result: T): unknown;
  restore(kept: never, tx: EntityManager): Promise<T>;
}

function checkKey(key: string): void {
  if (!/^[\x21-\x7e]{1,100}$/.test(key))
    throw badUserInput(
      "input.idempotencyKey",
      "idempotencyKey must be 1 to 100 printable ASCII characters, unique per operation you mean once.",
    );
}

/**
 * Runs a money mutation once per idempotency key (docs/architecture.md, Money): the first result is kept
 * in the same transaction as its effects; a retry with the same key and request gets it back
 * and moves nothing; the same key with another request is a CONFLICT.
 */
export async function once<T>(db: DataSource, operation: Idempotent<T>): Promise<T> {
  checkKey(operation.key);
  const id = `${operation.owner}:${operation.key}`;
  const fingerprint = createHash("sha256")
    .update(JSON.stringify([operation.operation, operation.request]))
    .digest("hex");
  const replay = async (tx: EntityManager, kept: IdempotentResult) => {
    if (kept.fingerprint !== fingerprint) {
      throw conflict(
        `idempotencyKey "${operation.key}" was already used for a different request; use a new key for a new request.`,
      );
    }
    return operation.restore(JSON.parse(kept.result) as never, tx);
  };
  const attempt = () =>
    db.transaction(async (tx) => {
      const kept = await tx.getRepository(IdempotentResult).findOneBy({ id });
      if (kept) return replay(tx, kept);
      const result = await operation.run(tx);
      await tx.getRepository(IdempotentResult).insert({
        id,
        operation: operation.operation,
        fingerprint,
        result: JSON.stringify(operation.keep(result)),
        createdAt: new Date().toISOString(),
      });
      return result;
    });
  try {
    return await attempt();
  } catch (error) {
    // Two retries racing on PostgreSQL: the loser's insert hits the key; it then replays the winner's result.
    const kept = await db.getRepository(IdempotentResult).findOneBy({ id });
    if (kept && (error as { code?: string }).code === "23505") return db.transaction((tx) => replay(tx, kept));
    throw error;
  }
}
