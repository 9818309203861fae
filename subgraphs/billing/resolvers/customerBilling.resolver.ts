import { ADDED_TO_ENTITY } from "../../common/federation.js";
import type { GraphQLResolveInfo } from "graphql";
import { Args, Ctx, Directive, FieldResolver, Info, ObjectType, Resolver, Root } from "type-graphql";
import { requireStaff } from "../../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { DayRangeArgs } from "../../common/dayRange.js";
import { badUserInput } from "../../../common/errors.js";
import { money, Money } from "../../common/money.js";
import {
  ConnectionArgs,
  ConnectionType,
  OffsetArgs,
  PageType,
  type Connection,
  type Page,
} from "../../common/pagination.js";
import { selects } from "../../common/selection.js";
import { ConsumptionRecord } from "../entities/consumptionRecord.js";
import { Customer } from "../entities/customer.js";
import type { BillingLoaders } from "../loaders.js";
import { assertMaySeeBalance, countsFrom } from "../scope.js";
import { BREAKDOWNS, ConsumptionSummary, summarize } from "./consumptionSummary.js";

type Context = SubgraphContext<BillingLoaders>;

@ObjectType({
  description: "A page of consumption lines by cursor, newest first. Consumption is for viewing only: not a bill.",
})
export class ConsumptionRecordConnection extends ConnectionType(ConsumptionRecord) {}

@ObjectType({
  description:
    "A page of consumption lines by offset and limit, newest first. Consumption is for viewing only: not a bill.",
})
export class ConsumptionRecordPage extends PageType(ConsumptionRecord) {}

export const dayStart = (day: string) => `${day}T00:00:00.000Z`;
export const dayAfter = (day: string) => new Date(Date.parse(dayStart(day)) + 86_400_000).toISOString();

/** The instants a day range covers: [start, end). */
export function instantsOf({ from, to }: { from: string; to: string }): { start: string; end: string } {
  if (to < from) throw badUserInput("to", `to (${to}) must be on or after from (${from}).`);
  return { start: dayStart(from), end: dayAfter(to) };
}

const REQUIRES_ASSIGNMENT = '@requires(fields: "manager { id } managerAssignedAt")';

@Resolver(() => Customer)
export class CustomerBillingResolver {
  @FieldResolver(() => Money, {
    ...ADDED_TO_ENTITY,
    description:
      "What the customer can spend now: its own cash (which stays usable after it associates with a partner) plus funds the partner allocated to it.",
  })
  async balance(@Root() customer: Customer, @Ctx() { actor, loaders }: Context): Promise<Money> {
    assertMaySeeBalance(actor);
    const balance = await loaders.balance.load(customer.id);
    return money((balance?.cash ?? 0n) + (balance?.allocated ?? 0n));
  }

  @FieldResolver(() => Money, {
    ...ADDED_TO_ENTITY,
    description: "Funds my partner allocated to this resale customer and may recover.",
  })
  async allocatedFunds(@Root() customer: Customer, @Ctx() { actor, loaders }: Context): Promise<Money> {
    requireStaff(actor);
    return money((await loaders.balance.load(customer.id))?.allocated ?? 0n);
  }

  @FieldResolver(() => Money, {
    ...ADDED_TO_ENTITY,
    description:
      "What the customer owes (arrears); zero when it owes nothing. A resale customer in arrears cannot be dissociated until the partner allocates funds to clear it.",
  })
  async arrears(@Root() customer: Customer, @Ctx() { actor, loaders }: Context): Promise<Money> {
    assertMaySeeBalance(actor);
    return money((await loaders.balance.load(customer.id))?.debt ?? 0n);
  }

  @Directive(REQUIRES_ASSIGNMENT)
  @FieldResolver(() => ConsumptionSummary, {
    ...ADDED_TO_ENTITY,
    description:
      "The customer's consumption between two days, inclusive (UTC): total, by month, by service type. For viewing only: not a bill. A customer manager sees it from their assignment on.",
  })
  async consumption(
    @Root() customer: Customer,
    @Args(() => DayRangeArgs) range: DayRangeArgs,
    @Ctx() { actor, loaders }: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConsumptionSummary> {
    const { start: rangeStart, end } = instantsOf(range);
    const start = countsFrom(requireStaff(actor), customer, rangeStart);
    const key = { customerId: customer.id, start, end };
    const summary = { from: range.from, to: range.to, countedFrom: start };
    if (start >= end) return summarize([], summary, []);
    if (!selects(info, BREAKDOWNS)) return summarize(await loaders.consumptionTotals.load(key), summary, null);
    const groups = await loaders.consumption.load(key);
    return summarize(groups, summary, groups);
  }

  @Directive(REQUIRES_ASSIGNMENT)
  @FieldResolver(() => ConsumptionRecordConnection, {
    ...ADDED_TO_ENTITY,
    description:
      "The customer's consumption lines between two days, newest first, by cursor. For viewing only: not a bill.",
  })
  async consumptionRecords(
    @Root() customer: Customer,
    @Args(() => DayRangeArgs) range: DayRangeArgs,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() { actor, loaders }: Context,
  ): Promise<Connection<ConsumptionRecord>> {
    const { start, end } = instantsOf(range);
    return loaders
      .recordPages([args, end])
      .load({ customerId: customer.id, start: countsFrom(requireStaff(actor), customer, start) });
  }

  @Directive(REQUIRES_ASSIGNMENT)
  @FieldResolver(() => ConsumptionRecordPage, {
    ...ADDED_TO_ENTITY,
    description:
      "The customer's consumption lines between two days, newest first, by offset and limit (the original API's paging). For viewing only: not a bill.",
  })
  async consumptionRecordsPage(
    @Root() customer: Customer,
    @Args(() => DayRangeArgs) range: DayRangeArgs,
    @Args(() => OffsetArgs) args: OffsetArgs,
    @Ctx() { actor, loaders }: Context,
  ): Promise<Page<ConsumptionRecord>> {
    const { start, end } = instantsOf(range);
    return loaders
      .recordOffsetPages([args, end])
      .load({ customerId: customer.id, start: countsFrom(requireStaff(actor), customer, start) });
  }
}

/** Billing holds no customer row of its own: the reference (with required fields) is the customer. */
export const customerReference = {
  __resolveReference: (reference: Customer) => Object.assign(new Customer(), reference),
};
