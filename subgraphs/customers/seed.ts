import type { DataSource } from "typeorm";
import { demoCustomers, type DemoOptions } from "../common/demo.js";
import { Random } from "../common/random.js";
import { Association, AssociationSource, AssociationType } from "./entities/association.js";
import { Customer, CustomerType, NewCustomerTag } from "./entities/customer.js";
import { ManagerAssignment } from "./entities/managerAssignment.js";

const CHUNK = 500;

export async function seedCustomers(db: DataSource, demo: DemoOptions, progress: (message: string) => void): Promise<void> {
  const all = [...demoCustomers(demo)];
  await db.transaction(async (tx) => {
    for (let start = 0; start < all.length; start += CHUNK) {
      const chunk = all.slice(start, start + CHUNK);
      await tx.getRepository(Customer).insert(
        chunk.map((c) => ({ id: c.id, realName: c.realName, accountName: c.accountName, customerType: c.customerType as CustomerType, newCustomerTag: c.newCustomerTag as NewCustomerTag })),
      );
      await tx.getRepository(Association).insert(
        chunk.map((c) => ({
          id: new Random(`${demo.seed}:association:${c.index}`).uuid(),
          customerId: c.id,
          partnerId: c.partnerId,
          associationType: c.associationType as AssociationType,
          source: c.source as AssociationSource,
          associatedAt: c.associatedAt,
          label: c.label,
          managerId: c.managerId,
          managerAssignedAt: c.managerAssignedAt,
          endedAt: null,
        })),
      );
      const assigned = chunk.filter((c) => c.managerId);
      if (assigned.length > 0) {
        await tx.getRepository(ManagerAssignment).insert(
          assigned.map((c) => ({
            id: new Random(`${demo.seed}:assignment:${c.index}`).uuid(),
            partnerId: c.partnerId,
            customerId: c.id,
            managerId: c.managerId!,
            assignedAt: c.managerAssignedAt!,
            endedAt: null,
          })),
        );
      }
      progress(`customers ${Math.min(start + CHUNK, all.length)}/${all.length}`);
    }
  });
}
