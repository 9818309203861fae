import { In } from "typeorm";
import { isStaff } from "../../common/actor.js";
import { memoized, rowsLoader } from "../common/loaders.js";
import type { RequestScope } from "../common/subgraph.js";
import { taxpayerTypeOf } from "./crossChecks.js";
import { PerformanceRecord } from "./entities/performanceRecord.js";
import { TaxRate } from "./entities/taxRate.js";

export function createLoaders({ db, actor, gatewayToken, peers }: RequestScope) {
  const partnerId = isStaff(actor) ? actor.partnerId : "";
  return {
    taxRates: memoized(() => db.getRepository(TaxRate).find()),
    /** The caller's partner's taxpayer identity, from partners (which owns it), once per request. */
    taxpayerType: memoized(() => taxpayerTypeOf(peers.partners, gatewayToken)),
    performanceOf: rowsLoader<string, PerformanceRecord>(
      (periods) =>
        db
          .getRepository(PerformanceRecord)
          .find({ where: { partnerId, period: In([...periods]) }, order: { serviceType: "ASC" } }),
      (r) => r.period,
    ),
  };
}

export type IncentivesLoaders = ReturnType<typeof createLoaders>;
