import { In } from "typeorm";
import { isStaff } from "../../common/actor.js";
import { memoized, rowsLoader } from "../common/loaders.js";
import { callSubgraph } from "../common/peers.js";
import type { RequestScope } from "../common/subgraph.js";
import { PerformanceRecord } from "./entities/performanceRecord.js";
import { TaxRate } from "./entities/taxRate.js";

export function createLoaders({ db, actor, gatewayToken, peers }: RequestScope) {
  const partnerId = isStaff(actor) ? actor.partnerId : "";
  return {
    taxRates: memoized(() => db.getRepository(TaxRate).find()),
    /** The caller's partner's taxpayer identity, from partners (which owns it), once per request. */
    taxpayerType: memoized(async () => {
      const { partner } = await callSubgraph<{ partner: { taxpayerType: "GENERAL" | "SMALL_SCALE" } }>(
        "partners",
        peers.partners,
        gatewayToken,
        `{ partner { taxpayerType } }`,
      );
      return partner.taxpayerType;
    }),
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
