import DataLoader from "dataloader";
import { In } from "typeorm";
import { isStaff } from "../common/actor.js";
import { groupedInKeyOrder, inKeyOrder } from "../common/loaders.js";
import type { RequestScope } from "../common/subgraph.js";
import { ConsumptionRecord } from "./entities/consumptionRecord.js";
import { CustomerBalance } from "./entities/customerBalance.js";
import type { ConsumptionGroup } from "./resolvers/consumptionSummary.js";

/** A customer's consumption between two instants [start, end). */
export interface ConsumptionKey {
  customerId: string;
  start: string;
  end: string;
}

/** Splits keys so that within a batch each customer appears once per end instant. */
function batchesOf(keys: readonly ConsumptionKey[]): ConsumptionKey[][] {
  const batches: ConsumptionKey[][] = [];
  for (const key of keys) {
    const batch = batches.find((b) => b[0]!.end === key.end && !b.some((k) => k.customerId === key.customerId));
    if (batch) batch.push(key);
    else batches.push([key]);
  }
  return batches;
}

export function createLoaders({ db, actor }: RequestScope) {
  const partnerId = isStaff(actor) ? actor.partnerId : null;
  /** Staff see their partner's customers' balances; a customer its own, whatever its partner. */
  const balanceScope = (ids: readonly string[]) =>
    isStaff(actor) ? { customerId: In([...ids]), partnerId: actor.partnerId } : actor.role === "customer" ? { customerId: In(ids.filter((id) => id === actor.customerId)) } : null;

  /** One statement for all customers of a batch, each with its own start (from-assignment rule). */
  async function consumptionGroups(keys: ConsumptionKey[]): Promise<(ConsumptionGroup & { customerId: string })[]> {
    const qb = db
      .getRepository(ConsumptionRecord)
      .createQueryBuilder("r")
      .select("r.customer_id", "customerId")
      .addSelect("r.bill_cycle", "billCycle")
      .addSelect("r.service_type", "serviceType")
      .addSelect("SUM(r.amount)", "amount")
      .addSelect("SUM(r.official_amount)", "official")
      .addSelect("SUM(r.discount_amount)", "discount")
      .where("r.partner_id = :partnerId", { partnerId })
      .andWhere("r.customer_id IN (:...customerIds)", { customerIds: keys.map((k) => k.customerId) })
      .andWhere("r.trade_time >= :earliest AND r.trade_time < :end", { earliest: keys.map((k) => k.start).sort()[0], end: keys[0]!.end })
      .groupBy("r.customer_id")
      .addGroupBy("r.bill_cycle")
      .addGroupBy("r.service_type");
    if (new Set(keys.map((k) => k.start)).size > 1) {
      const cases = keys.map((_, i) => `WHEN :c${i} THEN :s${i}`).join(" ");
      qb.andWhere(`r.trade_time >= CASE r.customer_id ${cases} END`, Object.fromEntries(keys.flatMap((k, i) => [[`c${i}`, k.customerId], [`s${i}`, k.start]])));
    }
    return qb.getRawMany();
  }

  return {
    balance: new DataLoader<string, CustomerBalance | null>(async (customerIds) => {
      const scope = balanceScope(customerIds);
      return scope ? inKeyOrder(customerIds, await db.getRepository(CustomerBalance).findBy(scope), (b) => b.customerId) : customerIds.map(() => null);
    }),
    consumption: new DataLoader<ConsumptionKey, ConsumptionGroup[], string>(
      async (keys) => {
        if (!partnerId) return keys.map(() => []);
        const results = new Map<ConsumptionKey, ConsumptionGroup[]>();
        for (const batch of batchesOf(keys)) {
          const grouped = groupedInKeyOrder(batch.map((k) => k.customerId), await consumptionGroups(batch), (g) => g.customerId);
          batch.forEach((key, i) => results.set(key, grouped[i]!));
        }
        return keys.map((key) => results.get(key)!);
      },
      { cacheKeyFn: (k) => `${k.customerId}|${k.start}|${k.end}` },
    ),
  };
}

export type BillingLoaders = ReturnType<typeof createLoaders>;
