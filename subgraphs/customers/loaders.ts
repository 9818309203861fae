import { randomUUID } from "node:crypto";
import DataLoader from "dataloader";
import { In } from "typeorm";
import { isStaff } from "../../common/actor.js";
import { inKeyOrder, perArguments, rowLoader, rowsLoader } from "../common/loaders.js";
import type { RequestScope } from "../common/subgraph.js";
import { Association } from "./entities/association.js";
import { Customer } from "./entities/customer.js";
import { DissociationRequest, DissociationRequestStatus } from "./entities/dissociationRequest.js";
import { ManagerAssignment } from "./entities/managerAssignment.js";
import { MarketingTask } from "./entities/marketingTask.js";
import { RevealAudit } from "./entities/revealAudit.js";
import { firstPagesByParent, type Connection, type ConnectionArgs } from "../common/pagination.js";
import { customerOrder } from "./resolvers/customerArgs.js";
import { staffFacts, type StaffFacts } from "./crossChecks.js";
import { customersVisibleTo } from "./visibility.js";

export function createLoaders({ db, actor, gatewayToken, peers }: RequestScope) {
  const staff = new DataLoader<string, StaffFacts | null>((ids) => staffFacts(ids, peers.partners, gatewayToken));
  const team = async (supervisorId: string) => (await staff.load(supervisorId))?.reports.map((r) => r.id) ?? [];
  const visible = () => customersVisibleTo(db, actor, team);
  return {
    /** `Staff.customers` pages, one loader (one statement) per distinct arguments. */
    customersOfManager: perArguments(
      (args: ConnectionArgs) =>
        new DataLoader<string, Connection<Customer>>(async (managerIds) => {
          const pages = await firstPagesByParent(
            await visible(),
            { column: "association.manager_id", keyOf: (c) => c.association.managerId! },
            managerIds,
            customerOrder(null),
            args,
          );
          return managerIds.map((id) => pages.get(id)!);
        }),
    ),
    /** Customers by id, only those the actor may see; null for any other id. */
    customer: new DataLoader<string, Customer | null>(async (ids) => {
      const rows = await (await visible()).andWhere("customer.id IN (:...ids)", { ids }).getMany();
      return inKeyOrder(ids, rows, (customer) => customer.id);
    }),
    visible,
    /**
     * A customer with its latest association with a partner, ended or not (keys
     * `partnerId:customerId`): what an approval result was about. Within the actor's partner only.
     */
    customerAsOf: new DataLoader<string, Customer | null>(async (keys) => {
      const ids = keys.map((key) => key.split(":")[1]!);
      const qb = db
        .getRepository(Customer)
        .createQueryBuilder("customer")
        .innerJoinAndMapOne("customer.association", Association, "association", "association.customer_id = customer.id")
        .where("customer.id IN (:...ids)", { ids })
        .orderBy("association.associated_at", "ASC");
      if (isStaff(actor)) qb.andWhere("association.partner_id = :partnerId", { partnerId: actor.partnerId });
      else if (actor.role === "customer") qb.andWhere("customer.id = :ownId", { ownId: actor.customerId });
      else return keys.map(() => null);
      const latest = new Map<string, Customer>();
      for (const customer of await qb.getMany())
        latest.set(`${customer.association.partnerId}:${customer.id}`, customer);
      return keys.map((key) => latest.get(key) ?? null);
    }),
    marketingTask: rowLoader<string, MarketingTask>(
      (ids) =>
        isStaff(actor)
          ? db.getRepository(MarketingTask).findBy({ id: In([...ids]), partnerId: actor.partnerId })
          : Promise.resolve([]),
      (t) => t.id,
    ),
    /** A customer's manager assignments with the actor's partner, oldest first. */
    assignmentsOf: rowsLoader<string, ManagerAssignment>(
      (customerIds) =>
        isStaff(actor)
          ? db.getRepository(ManagerAssignment).find({
              where: { customerId: In([...customerIds]), partnerId: actor.partnerId },
              order: { assignedAt: "ASC" },
            })
          : Promise.resolve([]),
      (a) => a.customerId,
    ),
    /** The pending dissociation request of an association (by association id), either side's. */
    pendingDissociation: rowLoader<string, DissociationRequest>(
      (associationIds) =>
        db
          .getRepository(DissociationRequest)
          .findBy({ associationId: In([...associationIds]), status: DissociationRequestStatus.PENDING }),
      (r) => r.associationId,
    ),
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
          return {
            id: randomUUID(),
            partnerId: actor.partnerId,
            staffId: actor.staffId,
            subject: actor.subject,
            customerId,
            field,
            revealedAt,
          };
        }),
      );
      return keys.map(() => true as const);
    }),
  };
}

export type CustomersLoaders = ReturnType<typeof createLoaders>;
