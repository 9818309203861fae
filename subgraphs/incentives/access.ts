import { requireRole, type Actor, type StaffActor } from "../../common/actor.js";

/** Customer managers have no access to the partner's incentives; analysts and supervisors read. */
export const readIncentives = (actor: Actor): StaffActor =>
  requireRole(
    actor,
    ["admin", "supervisor", "analyst"],
    "see the partner's incentives (customer managers have no access)",
  );

export const manageIncentives = (actor: Actor): StaffActor =>
  requireRole(actor, ["admin"], "claim incentives or submit invoices");
