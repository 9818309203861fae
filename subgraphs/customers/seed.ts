import type { DataSource } from "typeorm";
import { insertMany } from "../common/database.js";
import { demoCustomers, type DemoOptions } from "../common/demo.js";
import { Random } from "../common/random.js";
import { Association, AssociationSource, AssociationType } from "./entities/association.js";
import { Customer, CustomerType, NewCustomerTag } from "./entities/customer.js";
import { ManagerAssignment } from "./entities/managerAssignment.js";

export async function seedCustomers(db: DataSource, demo: DemoOptions, progress: (message: string) => void): Promise<void> {
  const all = [...demoCustomers(demo)];
  await db.transaction(async (tx) => {
    await insertMany(
      tx,
      Customer,
      all.map((c) => Object.assign(new Customer(), { id: c.id, realName: c.realName, accountName: c.accountName, customerType: c.customerType as CustomerType, newCustomerTag: c.newCustomerTag as NewCustomerTag })),
    );
    await insertMany(
      tx,
      Association,
      all.map((c) =>
        Object.assign(new Association(), {
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
        }),
      ),
    );
    await insertMany(
      tx,
      ManagerAssignment,
      all
        .filter((c) => c.managerId)
        .map((c) =>
          Object.assign(new ManagerAssignment(), {
            id: new Random(`${demo.seed}:assignment:${c.index}`).uuid(),
            partnerId: c.partnerId,
            customerId: c.id,
            managerId: c.managerId!,
            assignedAt: c.managerAssignedAt!,
            endedAt: null,
          }),
        ),
    );
    progress(`customers ${all.length}/${all.length}`);
  });
}
