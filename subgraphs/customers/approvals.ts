import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import type { SortOrder } from "../common/pagination.js";
import { encodeCursor } from "../common/pagination.js";
import { ApprovalResult, type ApprovalKind, type ApprovalStatus, type DecidedBy } from "./entities/approvalResult.js";

/** History order of approval results: the outbox sequence; the same cursors serve the subscription. */
export const BY_SEQUENCE: SortOrder<ApprovalResult> = {
  name: "sequence:ASC",
  column: "result.sequence",
  idColumn: "result.id",
  direction: "ASC",
  keyOf: (result) => result.sequence,
  idOf: (result) => result.id,
};

export const cursorOf = (result: ApprovalResult) => encodeCursor(BY_SEQUENCE.name, [result.sequence, result.id]);

export interface Decision {
  partnerId: string;
  customerId: string;
  managerId: string | null;
  kind: ApprovalKind;
  status: ApprovalStatus;
  requestId?: string | null;
  decidedBy: DecidedBy;
  comment?: string | null;
  decidedAt?: string;
}

/** Writes a decision into the outbox, inside the caller's transaction (the decision's own). */
export async function recordDecision(tx: EntityManager, decision: Decision): Promise<ApprovalResult> {
  const result = tx.getRepository(ApprovalResult).create({
    id: randomUUID(),
    requestId: null,
    comment: null,
    decidedAt: new Date().toISOString(),
    ...decision,
  });
  await tx.getRepository(ApprovalResult).insert(result);
  return result;
}
