import "reflect-metadata";
import { DEFAULT_PORTS, isMain, runSubgraph, type SubgraphDefinition } from "../common/subgraph.js";
import { Association } from "./entities/association.js";
import { Customer } from "./entities/customer.js";
import { ManagerAssignment } from "./entities/managerAssignment.js";
import { RevealAudit } from "./entities/revealAudit.js";
import { Staff } from "./entities/staff.js";
import { createLoaders, type CustomersLoaders } from "./loaders.js";
import { CreateCustomers1763856000000 } from "./migrations/1763856000000-CreateCustomers.js";
import { customerReference, CustomerResolver } from "./resolvers/customer.resolver.js";
import { seedCustomers } from "./seed.js";

/** Customers: sub-customers, their association with a partner, manager assignment, masking. */
export const customers: SubgraphDefinition<CustomersLoaders> = {
  name: "customers",
  defaultPort: DEFAULT_PORTS.customers,
  entities: [Customer, Association, ManagerAssignment, RevealAudit],
  migrations: [CreateCustomers1763856000000],
  federation: {
    resolvers: [CustomerResolver],
    orphanedTypes: [Staff],
    references: { Customer: customerReference },
  },
  createLoaders,
  seededWhen: Customer,
  seed: seedCustomers,
};

if (isMain(import.meta.url)) await runSubgraph(customers as SubgraphDefinition<never>);
