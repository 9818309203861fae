import { randomUUID } from "node:crypto";
import { IsNull, type EntityManager } from "typeorm";
import { Association } from "./entities/association.js";
import type { Customer } from "./entities/customer.js";
import { ManagerAssignment } from "./entities/managerAssignment.js";
import { refuse } from "./rules.js";

/**
 * Assigning a customer to a customer manager (docs/domain.md, Who uses it): the manager sees the
 * customer's consumption from the assignment on. The rule is a plain function of facts;
 * `assignManager` writes the assignment in the caller's transaction.
 */

/** Who assigns, and what decides whether they may. */
export interface AssignmentFacts {
  /** An admin assigns to any of the partner's managers, a supervisor only within their team. */
  assigner: "admin" | "supervisor";
  /** The managers under the assigning supervisor (needed only when a supervisor names a manager). */
  team: readonly string[];
  /** The customer's manager today; null when it is unassigned. */
  currentManagerId: string | null;
}

/**
 * A supervisor assigns only to the managers under them and never leaves a customer unassigned
 * (it would leave their team); an assignment must change something.
 */
export function assertMayAssign(managerId: string | null, facts: AssignmentFacts): void {
  if (facts.assigner === "supervisor") {
    if (!managerId)
      throw refuse("not-in-your-team", "A supervisor cannot leave a customer unassigned: it would leave their team.");
    if (!facts.team.includes(managerId))
      throw refuse("not-in-your-team", "A supervisor assigns customers only to the customer managers under them.");
  }
  if (facts.currentManagerId === managerId)
    throw refuse(
      "already-assigned",
      managerId ? "The customer is already assigned to this manager." : "The customer is already unassigned.",
    );
}

/** Starts a manager's assignment of a customer in the manager history. */
export function startAssignment(
  tx: EntityManager,
  assignment: { partnerId: string; customerId: string; managerId: string },
  now: string,
): Promise<unknown> {
  return tx
    .getRepository(ManagerAssignment)
    .insert({ id: randomUUID(), ...assignment, assignedAt: now, endedAt: null });
}

/**
 * Ends the customer's current assignment and starts the new one (none for null), in the caller's
 * transaction; the association names the manager from `now`.
 */
export async function assignManager(
  tx: EntityManager,
  customer: Customer,
  partnerId: string,
  managerId: string | null,
  now: string,
): Promise<void> {
  await tx
    .getRepository(ManagerAssignment)
    .update({ customerId: customer.id, partnerId, endedAt: IsNull() }, { endedAt: now });
  if (managerId) await startAssignment(tx, { partnerId, customerId: customer.id, managerId }, now);
  await tx
    .getRepository(Association)
    .update({ id: customer.association.id }, { managerId, managerAssignedAt: managerId ? now : null });
}
