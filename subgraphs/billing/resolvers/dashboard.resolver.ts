import { Arg, Args, Ctx, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root } from "type-graphql";
import { requireStaff } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { DayRangeArgs } from "../../common/dayRange.js";
import { badUserInput } from "../../../common/errors.js";
import { minor, money, Money } from "../../common/money.js";
import { billingScope, inScope, type BillingScope } from "../scope.js";
import { ConsumptionDay } from "../entities/consumptionDay.js";
import { ConsumptionRecord, NOT_A_BILL, Payer } from "../entities/consumptionRecord.js";
import { Customer } from "../entities/customer.js";
import type { BillingLoaders } from "../loaders.js";
import { ConsumptionSummary, summarize, type ConsumptionGroup } from "./consumptionSummary.js";
import { instantsOf } from "./customerBilling.resolver.js";

type Context = SubgraphContext<BillingLoaders>;

@ObjectType({ description: `One customer's share of the dashboard. ${NOT_A_BILL}` })
export class CustomerConsumption {
  @Field(() => Customer, { description: "The customer." })
  customer!: Customer;

  @Field(() => Money, { description: "Its consumption after discounts in the range." })
  total!: Money;
}

@ObjectType({
  description: `The consumption dashboard (消费看板): the caller's customers' consumption summed over a range. ${NOT_A_BILL} A manager's (and supervisor's) customers count from their assignment only.`,
})
export class ConsumptionDashboard extends ConsumptionSummary {
  @Field(() => Boolean, {
    description:
      "Whether it covers all of the partner's customers (admin, analyst) or the caller's own (manager, supervisor).",
  })
  wholePartner!: boolean;

  /** Kept for the fields computed on demand. */
  scope!: BillingScope;
  start!: string;
  end!: string;
}

/**
 * The dashboard's rows, as `r` with the lines' column names: for the whole partner (admin,
 * analyst) the daily roll-up, since the range is whole UTC days and the sums are the same; for
 * a manager or supervisor the lines, each customer from its own instant, within [start, end).
 */
function recordsIn(context: Context, dashboard: ConsumptionDashboard) {
  if (dashboard.scope.wholePartner) {
    return context.db
      .getRepository(ConsumptionDay)
      .createQueryBuilder("r")
      .where("r.partner_id = :partner", { partner: dashboard.scope.partnerId })
      .andWhere("r.day >= :firstDay AND r.day < :endDay", {
        firstDay: dashboard.start.slice(0, 10),
        endDay: dashboard.end.slice(0, 10),
      });
  }
  const qb = context.db
    .getRepository(ConsumptionRecord)
    .createQueryBuilder("r")
    .where("r.trade_time < :end", { end: dashboard.end });
  return inScope(qb, "r", dashboard.scope, { column: "r.trade_time", from: dashboard.start });
}

@ObjectType({ description: `The dashboard's consumption paid by one payer. ${NOT_A_BILL}` })
export class PayerConsumption {
  @Field(() => Payer, { description: "Who paid." })
  payer!: Payer;

  @Field(() => Money, {
    description: "What that payer paid in the range; PARTNER is my partner's own spend on its customers' behalf.",
  })
  amount!: Money;
}

/** The partner-paid part of a row of `recordsIn`: summed in the roll-up, or taken from the line. */
const partnerPaidOf = (dashboard: ConsumptionDashboard) =>
  dashboard.scope.wholePartner
    ? "r.partner_paid_amount"
    : `CASE WHEN r.payer = '${Payer.PARTNER}' THEN r.amount ELSE 0 END`;

@Resolver(() => ConsumptionDashboard)
export class DashboardResolver {
  @Query(() => ConsumptionDashboard, {
    description:
      "The consumption dashboard for the caller: admin and analyst, all the partner's customers; supervisor, the customers of the managers under them; manager, their own; each from its assignment. One aggregate in SQL, whatever the range.",
  })
  async consumptionDashboard(
    @Args(() => DayRangeArgs) range: DayRangeArgs,
    @Ctx() context: Context,
  ): Promise<ConsumptionDashboard> {
    const staff = requireStaff(context.actor);
    const { start, end } = instantsOf(range);
    const scope = await billingScope(context, staff);
    const dashboard = Object.assign(new ConsumptionDashboard(), {
      scope,
      start,
      end,
      wholePartner: scope.wholePartner,
    });
    const groups = await recordsIn(context, dashboard)
      .select("r.bill_cycle", "billCycle")
      .addSelect("r.service_type", "serviceType")
      .addSelect("SUM(r.amount)", "amount")
      .addSelect("SUM(r.official_amount)", "official")
      .addSelect("SUM(r.discount_amount)", "discount")
      .groupBy("r.bill_cycle")
      .addGroupBy("r.service_type")
      .getRawMany<ConsumptionGroup>();
    return Object.assign(dashboard, summarize(groups, { from: range.from, to: range.to, countedFrom: start }, groups));
  }

  @FieldResolver(() => [PayerConsumption], {
    description:
      "The total split by payer: the customers themselves, and my partner on consulting-sales customers' behalf.",
  })
  async byPayer(@Root() dashboard: ConsumptionDashboard, @Ctx() context: Context): Promise<PayerConsumption[]> {
    const row = await recordsIn(context, dashboard)
      .select("COALESCE(SUM(r.amount), 0)", "total")
      .addSelect(`COALESCE(SUM(${partnerPaidOf(dashboard)}), 0)`, "partner")
      .getRawOne<{ total: string | number; partner: string | number }>();
    const partnerFen = minor(row?.partner);
    return [
      { payer: Payer.CUSTOMER, amount: money(minor(row?.total) - partnerFen) },
      { payer: Payer.PARTNER, amount: money(partnerFen) },
    ];
  }

  @FieldResolver(() => [CustomerConsumption], {
    description: "The customers who consumed most in the range, largest first.",
  })
  async topCustomers(
    @Root() dashboard: ConsumptionDashboard,
    @Arg("limit", () => Int, { defaultValue: 10, description: "How many, 1 to 100." }) limit: number,
    @Ctx() context: Context,
  ): Promise<CustomerConsumption[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw badUserInput("limit", `limit must be between 1 and 100; got ${limit}.`);
    const rows = await recordsIn(context, dashboard)
      .select("r.customer_id", "customerId")
      .addSelect("SUM(r.amount)", "total")
      .groupBy("r.customer_id")
      .orderBy("SUM(r.amount)", "DESC")
      .addOrderBy("r.customer_id", "ASC")
      .limit(limit)
      .getRawMany<{ customerId: string; total: string | number }>();
    return rows.map((row) => ({
      customer: Object.assign(new Customer(), { id: row.customerId }),
      total: money(row.total),
    }));
  }
}
