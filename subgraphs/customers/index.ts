import "reflect-metadata";
import { isMain, runSubgraph, type SubgraphDefinition } from "../common/subgraph.js";
import { DEFAULT_PORTS } from "../../common/services.js";
import { ApprovalResult } from "./entities/approvalResult.js";
import { Association } from "./entities/association.js";
import { AssociationSwitchRequest } from "./entities/associationSwitchRequest.js";
import { Customer } from "./entities/customer.js";
import { CustomerReport } from "./entities/customerReport.js";
import { DissociationRequest } from "./entities/dissociationRequest.js";
import { Invitation } from "./entities/invitation.js";
import { ManagerAssignment } from "./entities/managerAssignment.js";
import { MarketingTask } from "./entities/marketingTask.js";
import { Opportunity } from "./entities/opportunity.js";
import { PartnerReference } from "./entities/partner.js";
import { RevealAudit } from "./entities/revealAudit.js";
import { Staff } from "./entities/staff.js";
import { startApprovalFeed } from "./approvalFeed.js";
import { startExpirySweeper } from "./expiry.js";
import { createLoaders, type CustomersLoaders } from "./loaders.js";
import { CreateCustomers1763856000000 } from "./migrations/1763856000000-CreateCustomers.js";
import { CustomerDomain1763942400000 } from "./migrations/1763942400000-CustomerDomain.js";
import { Invitations1764806400000 } from "./migrations/1764806400000-Invitations.js";
import { OneResultPerRequest1764892800000 } from "./migrations/1764892800000-OneResultPerRequest.js";
import { DissociationRequests1764979200000 } from "./migrations/1764979200000-DissociationRequests.js";
import { ApprovalResultResolver } from "./resolvers/approvalResult.resolver.js";
import { ApprovalSubscriptionResolver } from "./resolvers/approvalSubscription.resolver.js";
import { AssignmentResolver, StaffCustomersResolver } from "./resolvers/assignment.resolver.js";
import { AssociationSwitchResolver } from "./resolvers/associationSwitch.resolver.js";
import { customerReference, CustomerResolver } from "./resolvers/customer.resolver.js";
import { DissociationResolver } from "./resolvers/dissociation.resolver.js";
import {
  CustomerDissociationResolver,
  DissociationRequestResolver,
  PartnerAssociationResolver,
} from "./resolvers/dissociationRequest.resolver.js";
import { InvitationResolver } from "./resolvers/invitation.resolver.js";
import { OnboardingResolver } from "./resolvers/onboarding.resolver.js";
import { OpportunityResolver } from "./resolvers/opportunity.resolver.js";
import { ReportingResolver } from "./resolvers/reporting.resolver.js";
import { RevealAuditResolver } from "./resolvers/revealAudit.resolver.js";
import { ScopeResolver } from "./resolvers/scope.resolver.js";
import { seedCustomers } from "./seed.js";
import { readSettings } from "../../common/settings.js";

/** Customers: sub-customers, association and its approvals, manager assignment, masking, reporting, opportunities. */
export const customers: SubgraphDefinition<CustomersLoaders> = {
  name: "customers",
  defaultPort: DEFAULT_PORTS.customers,
  entities: [
    Customer,
    Association,
    ManagerAssignment,
    RevealAudit,
    AssociationSwitchRequest,
    ApprovalResult,
    CustomerReport,
    MarketingTask,
    Opportunity,
    Invitation,
    DissociationRequest,
  ],
  migrations: [
    CreateCustomers1763856000000,
    CustomerDomain1763942400000,
    Invitations1764806400000,
    OneResultPerRequest1764892800000,
    DissociationRequests1764979200000,
  ],
  federation: {
    resolvers: [
      CustomerResolver,
      AssignmentResolver,
      StaffCustomersResolver,
      OnboardingResolver,
      AssociationSwitchResolver,
      ApprovalResultResolver,
      ApprovalSubscriptionResolver,
      DissociationResolver,
      DissociationRequestResolver,
      PartnerAssociationResolver,
      CustomerDissociationResolver,
      InvitationResolver,
      ReportingResolver,
      OpportunityResolver,
      RevealAuditResolver,
      ScopeResolver,
    ],
    orphanedTypes: [Staff, PartnerReference],
    references: {
      Customer: customerReference,
      Staff: { __resolveReference: (reference: { id: string }) => Object.assign(new Staff(), reference) },
    },
  },
  createLoaders,
  start: ({ db, intervalMs, log }) => {
    const env = process.env;
    const stops = [
      startExpirySweeper(db, intervalMs, log),
      startApprovalFeed(db, {
        pollMs: readSettings(env).APPROVAL_POLL_MS ?? intervalMs,
        redisUrl: readSettings(env).REDIS_URL,
        log,
      }),
    ];
    return async () => {
      for (const stop of stops) await stop();
    };
  },
  seededWhen: Customer,
  seed: seedCustomers,
};

if (isMain(import.meta.url)) await runSubgraph(customers as SubgraphDefinition<never>);
