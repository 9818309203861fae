import { Field, ObjectType } from "type-graphql";
import { minor, money, Money } from "../../common/money.js";
import { DateScalar, DateTimeScalar } from "../../../common/scalars.js";

const NOT_A_BILL =
  "Consumption is for viewing only: it is not the partner's bill and never the basis for settlement, repayment or invoicing.";

@ObjectType({ description: `Consumption of one bill cycle. ${NOT_A_BILL}` })
export class MonthlyConsumption {
  @Field(() => String, { description: "Bill cycle, YYYY-MM." })
  billCycle!: string;

  @Field(() => Money, { description: "Consumption after discounts in this cycle (refunds subtracted)." })
  amount!: Money;
}

@ObjectType({ description: `Consumption of one cloud service type. ${NOT_A_BILL}` })
export class ServiceTypeConsumption {
  @Field(() => String, { description: "Cloud service type, e.g. ECS, OBS, RDS." })
  serviceType!: string;

  @Field(() => Money, { description: "Consumption after discounts of this service type (refunds subtracted)." })
  amount!: Money;
}

@ObjectType({ description: `A customer's consumption over a date range, exact to the fen. ${NOT_A_BILL}` })
export class ConsumptionSummary {
  @Field(() => DateScalar, { description: "First day of the range (UTC), as asked." })
  from!: string;

  @Field(() => DateScalar, { description: "Last day of the range (UTC), inclusive, as asked." })
  to!: string;

  @Field(() => DateTimeScalar, {
    description:
      "The instant counting starts: the range's start, or for a customer manager (and their supervisor) the later moment the manager was assigned.",
  })
  countedFrom!: string;

  @Field(() => Money, {
    description: "Consumption after discounts: official amount minus discounts; refunds subtracted.",
  })
  total!: Money;

  @Field(() => Money, { description: "Consumption at official (list) prices." })
  officialTotal!: Money;

  @Field(() => Money, { description: "Discounts granted on the official amount." })
  discountTotal!: Money;

  /** The rows the breakdowns below are made from, when a query asks for them (null: sums only were read). */
  groups: readonly ConsumptionGroup[] | null = null;

  @Field(() => [MonthlyConsumption], {
    description: "Totals per bill cycle, oldest first; cycles without consumption are left out.",
  })
  get byMonth(): MonthlyConsumption[] {
    return [...totalsBy(this.breakdown(), "billCycle")]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([billCycle, amount]) => ({ billCycle, amount: money(amount) }));
  }

  @Field(() => [ServiceTypeConsumption], { description: "Totals per service type, largest first." })
  get byServiceType(): ServiceTypeConsumption[] {
    return [...totalsBy(this.breakdown(), "serviceType")]
      .sort(([a, x], [b, y]) => (x === y ? (a < b ? -1 : 1) : x > y ? -1 : 1))
      .map(([serviceType, amount]) => ({ serviceType, amount: money(amount) }));
  }

  private breakdown(): readonly ConsumptionGroup[] {
    // The resolver reads groups whenever the selection names a breakdown; without them an answer would be wrong.
    if (!this.groups) throw new Error("Consumption breakdown asked for but only sums were read");
    return this.groups;
  }
}

/** Sums in fen of one GROUP BY row (per customer, or per bill cycle and service type). */
export interface ConsumptionSums {
  amount: bigint | number | string;
  official: bigint | number | string;
  discount: bigint | number | string;
}

/** One GROUP BY row of a breakdown: a customer's sums for one bill cycle and service type. */
export interface ConsumptionGroup extends ConsumptionSums {
  billCycle: string;
  serviceType: string;
}

/** The fields made from a breakdown's groups; without them sums per customer suffice. */
export const BREAKDOWNS = ["byMonth", "byServiceType"];

/** Amounts after discounts summed per bill cycle or per service type. */
function totalsBy(groups: readonly ConsumptionGroup[], key: "billCycle" | "serviceType"): Map<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const group of groups) totals.set(group[key], (totals.get(group[key]) ?? 0n) + minor(group.amount));
  return totals;
}

/** Sums exactly with bigint (a float never holds an amount); `groups` for the breakdowns, if read. */
export function summarize(
  rows: readonly ConsumptionSums[],
  range: { from: string; to: string; countedFrom: string },
  groups: readonly ConsumptionGroup[] | null,
): ConsumptionSummary {
  let total = 0n;
  let official = 0n;
  let discount = 0n;
  for (const row of rows) {
    total += minor(row.amount);
    official += minor(row.official);
    discount += minor(row.discount);
  }
  // `range` as its own source: spread into the literal (`{ ...range, total }`) this took ten times as long (5 µs, 50 times a customer page).
  return Object.assign(new ConsumptionSummary(), range, {
    total: money(total),
    officialTotal: money(official),
    discountTotal: money(discount),
    groups,
  });
}
