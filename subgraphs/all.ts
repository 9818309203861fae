import { billing } from "./billing/index.js";
import type { SubgraphDefinition } from "./common/subgraph.js";
import { customers } from "./customers/index.js";
import { incentives } from "./incentives/index.js";
import { partners } from "./partners/index.js";

/** The four subgraphs, in the order they start. */
export const SUBGRAPHS = [partners, customers, billing, incentives] as SubgraphDefinition<never>[];
