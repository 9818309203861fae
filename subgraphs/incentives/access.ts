import { requireRole, type Actor, type StaffActor } from "../../common/actor.js";
import { notFound } from "../../common/errors.js";

/** Customer managers have no access to the partner's incentives; analysts and supervisors read. */
export const readIncentives = (actor: Actor): StaffActor =>
  requireRole(
    actor,
    ["admin", "supervisor", "analyst"],
    "see the partner's incentives (customer managers have no access)",
  );

export const manageIncentives = (actor: Actor): StaffActor =>
  requireRole(actor, ["admin"], "claim incentives or submit invoices");

/** Staff see their own partner's incentives and performance; any other partner is not found. */
export function assertOwnPartner(staff: Pick<StaffActor, "partnerId">, partnerId: string): void {
  if (staff.partnerId !== partnerId) throw notFound("partner", partnerId);
}
