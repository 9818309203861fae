import "reflect-metadata";
import { isMain, runSubgraph, type SubgraphDefinition } from "../common/subgraph.js";
import { DEFAULT_PORTS } from "../../common/services.js";
import { startIncentiveWork } from "./background.js";
import { IncentiveNotice } from "./entities/incentiveNotice.js";
import { IncentivePolicy } from "./entities/incentivePolicy.js";
import { Partner } from "./entities/partner.js";
import { PerformancePeriod } from "./entities/performancePeriod.js";
import { PerformanceRecord } from "./entities/performanceRecord.js";
import { TaxRate } from "./entities/taxRate.js";
import { createLoaders, type IncentivesLoaders } from "./loaders.js";
import { CreateIncentives1763856000000 } from "./migrations/1763856000000-CreateIncentives.js";
import { IncentiveLifecycle1764028800000 } from "./migrations/1764028800000-IncentiveLifecycle.js";
import { CalendarYearDeadlines1764806400000 } from "./migrations/1764806400000-CalendarYearDeadlines.js";
import { IncentiveNoticeResolver } from "./resolvers/incentiveNotice.resolver.js";
import { IncentivePolicyResolver, PartnerIncentivesResolver } from "./resolvers/partnerIncentives.resolver.js";
import { seedIncentives } from "./seed.js";

/** Incentives: performance, incentive notices, tax and invoice amounts, deadlines. */
export const incentives: SubgraphDefinition<IncentivesLoaders> = {
  name: "incentives",
  defaultPort: DEFAULT_PORTS.incentives,
  entities: [IncentiveNotice, TaxRate, IncentivePolicy, PerformanceRecord, PerformancePeriod],
  migrations: [CreateIncentives1763856000000, IncentiveLifecycle1764028800000, CalendarYearDeadlines1764806400000],
  federation: {
    resolvers: [IncentiveNoticeResolver, PartnerIncentivesResolver, IncentivePolicyResolver],
    orphanedTypes: [Partner],
    references: {
      Partner: { __resolveReference: (reference: { id: string }) => Object.assign(new Partner(), reference) },
    },
  },
  createLoaders,
  // Performance is taken from billing, period by period.
  needs: ["billing"],
  start: startIncentiveWork,
  seededWhen: IncentiveNotice,
  seed: seedIncentives,
};

if (isMain(import.meta.url)) await runSubgraph(incentives as SubgraphDefinition<never>);
