import "reflect-metadata";
import { isMain, runSubgraph, type SubgraphDefinition } from "../common/subgraph.js";
import { DEFAULT_PORTS } from "../../common/services.js";
import { BenefitGrant } from "./entities/benefitGrant.js";
import { BusinessCertification } from "./entities/businessCertification.js";
import { CapabilityLabel } from "./entities/capabilityLabel.js";
import { CapabilityLabelApplication } from "./entities/capabilityLabelApplication.js";
import { CustomerReference } from "./entities/customer.js";
import { DevelopmentPath } from "./entities/developmentPath.js";
import { Document } from "./entities/document.js";
import { Partner } from "./entities/partner.js";
import { Program } from "./entities/program.js";
import { ProgramBenefit } from "./entities/programBenefit.js";
import { ProgramMembership } from "./entities/programMembership.js";
import { Staff } from "./entities/staff.js";
import { SupplierRecord } from "./entities/supplierRecord.js";
import { VerificationCode } from "./entities/verificationCode.js";
import { createLoaders, type PartnersLoaders } from "./loaders.js";
import { CreatePartners1763856000000 } from "./migrations/1763856000000-CreatePartners.js";
import { PartnerPrograms1763942400000 } from "./migrations/1763942400000-PartnerPrograms.js";
import {
  BusinessCertificationResolver,
  PartnerCertificationResolver,
} from "./resolvers/businessCertification.resolver.js";
import { CapabilityLabelResolver, PartnerCapabilityLabelsResolver } from "./resolvers/capabilityLabel.resolver.js";
import { DevelopmentPathResolver } from "./resolvers/developmentPath.resolver.js";
import { partnerReference, PartnerResolver } from "./resolvers/partner.resolver.js";
import {
  BenefitGrantResolver,
  PartnerProgramsResolver,
  ProgramMembershipResolver,
  ProgramResolver,
} from "./resolvers/program.resolver.js";
import { staffReference, StaffResolver } from "./resolvers/staff.resolver.js";
import { VerificationCodeResolver } from "./resolvers/verificationCode.resolver.js";
import { ViewerResolver } from "./resolvers/viewer.resolver.js";
import { partnersRoutes } from "./routes.js";
import { seedPartners } from "./seed.js";

/** Partners: partner companies, staff and reporting lines, programs, certifications, development path, verification codes. */
export const partners: SubgraphDefinition<PartnersLoaders> = {
  name: "partners",
  defaultPort: DEFAULT_PORTS.partners,
  entities: [
    Partner,
    Staff,
    Program,
    ProgramBenefit,
    ProgramMembership,
    BenefitGrant,
    Document,
    SupplierRecord,
    BusinessCertification,
    CapabilityLabel,
    CapabilityLabelApplication,
    DevelopmentPath,
    VerificationCode,
  ],
  migrations: [CreatePartners1763856000000, PartnerPrograms1763942400000],
  federation: {
    resolvers: [
      PartnerResolver,
      StaffResolver,
      ViewerResolver,
      ProgramResolver,
      ProgramMembershipResolver,
      BenefitGrantResolver,
      PartnerProgramsResolver,
      BusinessCertificationResolver,
      PartnerCertificationResolver,
      CapabilityLabelResolver,
      PartnerCapabilityLabelsResolver,
      DevelopmentPathResolver,
      VerificationCodeResolver,
    ],
    orphanedTypes: [CustomerReference],
    references: { Partner: partnerReference, Staff: staffReference },
  },
  createLoaders,
  routes: partnersRoutes,
  seededWhen: Partner,
  seed: seedPartners,
};

if (isMain(import.meta.url)) await runSubgraph(partners as SubgraphDefinition<never>);
