import { Arg, Ctx, Directive, Field, ObjectType, Query, Resolver } from "type-graphql";
import type { SubgraphContext } from "../../common/context.js";
import { forbidden } from "../../../common/errors.js";
import { formatMinor, minor } from "../../common/money.js";
import { DecimalScalar } from "../../../common/scalars.js";
import { ConsumptionRecord } from "../entities/consumptionRecord.js";

@Directive("@inaccessible")
@ObjectType({ description: "A partner's consumption of one service type in one bill cycle, for other subgraphs." })
export class PeriodConsumption {
  @Field(() => String)
  partnerId!: string;

  @Field(() => String, { description: "Bill cycle, YYYY-MM." })
  period!: string;

  @Field(() => String)
  serviceType!: string;

  @Field(() => DecimalScalar, { description: "Consumption after discounts, exact." })
  amount!: string;
}

/**
 * Incentives come from consumption (API_NOTES.md): the incentives subgraph takes each closed
 * period's consumption per partner and service type from here, never from billing's tables.
 */
@Resolver()
export class PeriodConsumptionResolver {
  @Directive("@inaccessible")
  @Query(() => [PeriodConsumption], {
    description: "Consumption per partner, bill cycle and service type; for the incentives subgraph, not clients.",
  })
  async periodConsumption(
    @Arg("fromPeriod", () => String) fromPeriod: string,
    @Arg("toPeriod", () => String) toPeriod: string,
    @Ctx() { actor, db }: SubgraphContext<unknown>,
  ): Promise<PeriodConsumption[]> {
    if (actor.role !== "service") throw forbidden("Period consumption is for other subgraphs.");
    const rows = await db
      .getRepository(ConsumptionRecord)
      .createQueryBuilder("r")
      .select("r.partner_id", "partnerId")
      .addSelect("r.bill_cycle", "period")
      .addSelect("r.service_type", "serviceType")
      .addSelect("SUM(r.amount)", "amount")
      .where("r.bill_cycle >= :fromPeriod AND r.bill_cycle <= :toPeriod", { fromPeriod, toPeriod })
      .groupBy("r.partner_id")
      .addGroupBy("r.bill_cycle")
      .addGroupBy("r.service_type")
      .getRawMany<{ partnerId: string; period: string; serviceType: string; amount: string | number }>();
    return rows.map((row) => ({ ...row, amount: formatMinor(minor(row.amount)) }));
  }
}
