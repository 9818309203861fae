import type { DataSource, SelectQueryBuilder } from "typeorm";
import type { Actor } from "../../common/actor.js";
import { Association } from "./entities/association.js";
import { Customer } from "./entities/customer.js";

/**
 * The customers an actor may see, as SQL (docs/architecture.md: visibility in the WHERE clause, never
 * filtered afterwards). Joins the active association with the actor's partner:
 * admin and analyst see all of the partner's; a supervisor those of the managers under
 * them; a manager their own; a customer only itself.
 */
export async function customersVisibleTo(
  db: DataSource,
  actor: Actor,
  team: (supervisorId: string) => Promise<string[]>,
): Promise<SelectQueryBuilder<Customer>> {
  const qb = db.getRepository(Customer).createQueryBuilder("customer");
  const join = (condition: string, parameters: Record<string, unknown>) =>
    qb.innerJoinAndMapOne(
      "customer.association",
      Association,
      "association",
      `association.customer_id = customer.id AND association.ended_at IS NULL AND ${condition}`,
      parameters,
    );
  switch (actor.role) {
    case "anonymous":
    case "platform":
    case "service":
      return join("1 = 0", {});
    case "customer":
      return join("customer.id = :ownId", { ownId: actor.customerId });
    case "admin":
    case "analyst":
      return join("association.partner_id = :partnerId", { partnerId: actor.partnerId });
    case "manager":
      return join("association.partner_id = :partnerId AND association.manager_id = :staffId", {
        partnerId: actor.partnerId,
        staffId: actor.staffId,
      });
    case "supervisor": {
      const managers = await team(actor.staffId!);
      if (managers.length === 0) return join("1 = 0", {});
      return join("association.partner_id = :partnerId AND association.manager_id IN (:...managers)", {
        partnerId: actor.partnerId,
        managers,
      });
    }
  }
}
