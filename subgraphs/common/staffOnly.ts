import type { MiddlewareFn } from "type-graphql";
import { requireStaff, type Actor } from "../../common/actor.js";

/** Guards a field that only partner staff may read (customers and reviewers see public fields only). */
export const StaffOnly: MiddlewareFn<{ actor: Actor }> = async ({ context }, next) => {
  requireStaff(context.actor);
  return next();
};
