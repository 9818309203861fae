import "reflect-metadata";
import { DEFAULT_PORTS, isMain, runSubgraph, type SubgraphDefinition } from "../common/subgraph.js";
import { IncentiveNotice } from "./entities/incentiveNotice.js";
import { CreateIncentives1763856000000 } from "./migrations/1763856000000-CreateIncentives.js";
import { IncentiveNoticeResolver } from "./resolvers/incentiveNotice.resolver.js";
import { seedIncentives } from "./seed.js";

/** Incentives: performance, incentive notices, tax and invoice amounts, deadlines. */
export const incentives: SubgraphDefinition<unknown> = {
  name: "incentives",
  defaultPort: DEFAULT_PORTS.incentives,
  entities: [IncentiveNotice],
  migrations: [CreateIncentives1763856000000],
  federation: { resolvers: [IncentiveNoticeResolver] },
  createLoaders: () => ({}),
  seededWhen: IncentiveNotice,
  seed: seedIncentives,
};

if (isMain(import.meta.url)) await runSubgraph(incentives as SubgraphDefinition<never>);
