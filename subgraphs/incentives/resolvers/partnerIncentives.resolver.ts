import { ADDED_TO_ENTITY } from "../../common/federation.js";
import { Arg, Ctx, Field, FieldResolver, ObjectType, Query, Resolver, Root } from "type-graphql";
import type { SubgraphContext } from "../../common/context.js";
import { money, Money } from "../../common/money.js";
import { DateTimeScalar } from "../../../common/scalars.js";
import { assertOwnPartner, readIncentives } from "../access.js";
import { IncentiveNotice } from "../entities/incentiveNotice.js";
import { IncentivePolicy } from "../entities/incentivePolicy.js";
import { Partner } from "../entities/partner.js";
import { PerformancePeriod } from "../entities/performancePeriod.js";
import { TaxRate } from "../entities/taxRate.js";
import type { IncentivesLoaders } from "../loaders.js";
import { checkPeriod, estimate, incentiveTotals } from "../performance.js";

type Context = SubgraphContext<IncentivesLoaders>;

@ObjectType({ description: "My partner's incentives by where they stand, as notice amounts (VAT included)." })
export class IncentiveSummary {
  @Field(() => Money, { description: "Notified and still claimable." })
  claimable!: Money;

  @Field(() => Money, { description: "Claimed, waiting for invoice or payout." })
  claimed!: Money;

  @Field(() => Money, { description: "Invoiced, waiting for payout." })
  invoiced!: Money;

  @Field(() => Money, { description: "Paid out." })
  paid!: Money;

  @Field(() => Money, { description: "Expired unclaimed: lost." })
  expired!: Money;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "The earliest claim deadline of a claimable notice: claim before it.",
  })
  nextClaimDeadline!: string | null;
}

@ObjectType({ description: "Consumption of one service type in a period, and what it earns." })
export class ServicePerformance {
  @Field(() => String, { description: "Cloud service type." })
  serviceType!: string;

  @Field(() => Money, { description: "Consumption after discounts in the period." })
  consumption!: Money;

  @Field(() => IncentivePolicy, {
    nullable: true,
    description: "The incentive policy that applies; null when the service earns no incentive.",
  })
  policy!: IncentivePolicy | null;

  @Field(() => Money, {
    description: "Consumption × the policy's rate, rounded half up to the fen; zero without a policy.",
  })
  estimatedIncentive!: Money;
}

@ObjectType({
  description:
    "My partner's performance (业绩) in a reconciliation period: its customers' consumption, from which incentives come (top-ups do not count).",
})
export class Performance {
  @Field(() => String, { description: "Reconciliation period, YYYY-MM." })
  period!: string;

  @Field(() => Boolean, {
    description:
      "Whether the period has closed and its consumption was taken from billing (3 days after the month ends).",
  })
  closed!: boolean;

  @Field(() => Money, { description: "All consumption after discounts." })
  consumption!: Money;

  @Field(() => Money, { description: "Consumption of service types with an incentive policy." })
  eligibleConsumption!: Money;

  @Field(() => Money, { description: "The incentive the policies estimate; the incentive notice is what counts." })
  estimatedIncentive!: Money;

  @Field(() => [ServicePerformance], { description: "By service type, largest consumption first." })
  byServiceType!: ServicePerformance[];
}

@Resolver(() => Partner)
export class PartnerIncentivesResolver {
  @FieldResolver(() => IncentiveSummary, {
    ...ADDED_TO_ENTITY,
    description: "My partner's incentives by where they stand (admin, supervisor, analyst).",
  })
  async incentives(@Root() partner: Partner, @Ctx() { actor, db }: Context): Promise<IncentiveSummary> {
    assertOwnPartner(readIncentives(actor), partner.id);
    const { byStatus, nextClaimDeadline } = incentiveTotals(
      await db.getRepository(IncentiveNotice).findBy({ partnerId: partner.id }),
    );
    return {
      claimable: money(byStatus.NOTIFIED),
      claimed: money(byStatus.CLAIMED),
      invoiced: money(byStatus.INVOICED),
      paid: money(byStatus.PAID),
      expired: money(byStatus.EXPIRED),
      nextClaimDeadline,
    };
  }

  @FieldResolver(() => Performance, {
    ...ADDED_TO_ENTITY,
    description: "My partner's performance in a reconciliation period (admin, supervisor, analyst).",
  })
  async performance(
    @Root() partner: Partner,
    @Arg("period", () => String, { description: "Reconciliation period, YYYY-MM." }) period: string,
    @Ctx() { actor, db, loaders }: Context,
  ): Promise<Performance> {
    const staff = readIncentives(actor);
    checkPeriod(period);
    assertOwnPartner(staff, partner.id);
    const [records, closed, policies] = await Promise.all([
      loaders.performanceOf.load(period),
      db.getRepository(PerformancePeriod).existsBy({ period }),
      db.getRepository(IncentivePolicy).find(),
    ]);
    const estimated = estimate(period, records, policies);
    return {
      period,
      closed,
      consumption: money(estimated.consumptionFen),
      eligibleConsumption: money(estimated.eligibleFen),
      estimatedIncentive: money(estimated.earnedFen),
      byServiceType: estimated.byServiceType.map((s) => ({
        serviceType: s.serviceType,
        consumption: money(s.consumptionFen),
        policy: s.policy,
        estimatedIncentive: money(s.earnedFen),
      })),
    };
  }
}

@Resolver(() => IncentivePolicy)
export class IncentivePolicyResolver {
  @Query(() => [IncentivePolicy], {
    description: "Incentive policies per service type, with the days they apply (admin, supervisor, analyst).",
  })
  incentivePolicies(@Ctx() { actor, db }: Context): Promise<IncentivePolicy[]> {
    readIncentives(actor);
    return db.getRepository(IncentivePolicy).find({ order: { serviceType: "ASC", effectiveFrom: "ASC" } });
  }

  @Query(() => [TaxRate], {
    description:
      "The VAT rates used for incentive invoice amounts, with the days they apply (admin, supervisor, analyst).",
  })
  incentiveTaxRates(@Ctx() { actor, loaders }: Context): Promise<TaxRate[]> {
    readIncentives(actor);
    return loaders.taxRates();
  }
}
