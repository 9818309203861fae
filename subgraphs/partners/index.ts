import "reflect-metadata";
import { DEFAULT_PORTS, isMain, runSubgraph, type SubgraphDefinition } from "../common/subgraph.js";
import { CustomerReference } from "./entities/customer.js";
import { Partner } from "./entities/partner.js";
import { Staff } from "./entities/staff.js";
import { createLoaders, type PartnersLoaders } from "./loaders.js";
import { CreatePartners1763856000000 } from "./migrations/1763856000000-CreatePartners.js";
import { partnerReference, PartnerResolver } from "./resolvers/partner.resolver.js";
import { staffReference, StaffResolver } from "./resolvers/staff.resolver.js";
import { ViewerResolver } from "./resolvers/viewer.resolver.js";
import { seedPartners } from "./seed.js";

/** Partners: partner companies, their staff and who reports to whom. */
export const partners: SubgraphDefinition<PartnersLoaders> = {
  name: "partners",
  defaultPort: DEFAULT_PORTS.partners,
  entities: [Partner, Staff],
  migrations: [CreatePartners1763856000000],
  federation: {
    resolvers: [PartnerResolver, StaffResolver, ViewerResolver],
    orphanedTypes: [CustomerReference],
    references: { Partner: partnerReference, Staff: staffReference },
  },
  createLoaders,
  seededWhen: Partner,
  seed: seedPartners,
};

if (isMain(import.meta.url)) await runSubgraph(partners as SubgraphDefinition<never>);
