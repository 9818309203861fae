import { randomUUID } from "node:crypto";
import DataLoader from "dataloader";
import { isStaff } from "../common/actor.js";
import { inKeyOrder } from "../common/loaders.js";
import type { RequestScope } from "../common/subgraph.js";
import { Customer } from "./entities/customer.js";
import { RevealAudit } from "./entities/revealAudit.js";
import { staffFacts, type StaffFacts } from "./team.js";
import { customersVisibleTo } from "./visibility.js";

export function createLoaders({ db, actor, gatewayToken, peers }: RequestScope) {
  const staff = new DataLoader<string, StaffFacts | null>((ids) => staffFacts(ids, peers.partners, gatewayToken));
  const team = async (supervisorId: string) => (await staff.load(supervisorId))?.reports.map((r) => r.id) ?? [];
  const visible = () => customersVisibleTo(db, actor, team);
  return {
    /** Customers by id, only those the actor may see; null for any other id. */
    customer: new DataLoader<string, Customer | null>(async (ids) => {
      const rows = await (await visible()).andWhere("customer.id IN (:...ids)", { ids }).getMany();
      return inKeyOrder(ids, rows, (customer) => customer.id);
    }),
    visible,
    /** Staff of the caller's partner (role, reports), from the partners subgraph. */
    staff,
    team,
    /** Writes every reveal of the request in one statement; keys are `customerId:field`. */
    revealAudit: new DataLoader<string, true>(async (keys) => {
      if (!isStaff(actor)) return keys.map(() => true as const);
      const revealedAt = new Date().toISOString();
      await db.getRepository(RevealAudit).insert(
        keys.map((key) => {
          const [customerId, field] = key.split(":") as [string, string];
          return { id: randomUUID(), partnerId: actor.partnerId, staffId: actor.staffId, subject: actor.subject, customerId, field, revealedAt };
        }),
      );
      return keys.map(() => true as const);
    }),
  };
}

export type CustomersLoaders = ReturnType<typeof createLoaders>;
