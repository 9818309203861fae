import DataLoader from "dataloader";
import { In } from "typeorm";
import { isStaff } from "../common/actor.js";
import { groupedInKeyOrder, inKeyOrder } from "../common/loaders.js";
import type { RequestScope } from "../common/subgraph.js";
import { Partner } from "./entities/partner.js";
import { Staff } from "./entities/staff.js";

/** Every loader is scoped to the actor's partner in SQL: another partner's rows never load. */
export function createLoaders({ db, actor }: RequestScope) {
  const partnerId = isStaff(actor) ? actor.partnerId : null;
  const none = <V>(keys: readonly string[]) => keys.map(() => null as V | null);
  return {
    partner: new DataLoader<string, Partner | null>(async (ids) =>
      partnerId && ids.includes(partnerId)
        ? inKeyOrder(ids, await db.getRepository(Partner).findBy({ id: partnerId }), (p) => p.id)
        : none<Partner>(ids),
    ),
    staff: new DataLoader<string, Staff | null>(async (ids) =>
      partnerId
        ? inKeyOrder(ids, await db.getRepository(Staff).findBy({ id: In([...ids]), partnerId }), (s) => s.id)
        : none<Staff>(ids),
    ),
    staffOfPartner: new DataLoader<string, Staff[]>(async (ids) =>
      groupedInKeyOrder(ids, partnerId ? await db.getRepository(Staff).find({ where: { partnerId }, order: { name: "ASC", id: "ASC" } }) : [], (s) => s.partnerId),
    ),
    reports: new DataLoader<string, Staff[]>(async (supervisorIds) =>
      groupedInKeyOrder(
        supervisorIds,
        partnerId ? await db.getRepository(Staff).find({ where: { supervisorId: In([...supervisorIds]), partnerId }, order: { name: "ASC", id: "ASC" } }) : [],
        (s) => s.supervisorId!,
      ),
    ),
  };
}

export type PartnersLoaders = ReturnType<typeof createLoaders>;
