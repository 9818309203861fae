import { Args, Ctx, Directive, FieldResolver, Resolver, Root } from "type-graphql";
import { requireStaff, type StaffActor } from "../../common/actor.js";
import type { SubgraphContext } from "../../common/context.js";
import { badUserInput, notFound } from "../../common/errors.js";
import { money, Money } from "../../common/money.js";
import { DayRangeArgs } from "../../common/dayRange.js";
import { Customer } from "../entities/customer.js";
import type { BillingLoaders } from "../loaders.js";
import { ConsumptionSummary, summarize } from "./consumptionSummary.js";

type Context = SubgraphContext<BillingLoaders>;

const dayStart = (day: string) => `${day}T00:00:00.000Z`;
const dayAfter = (day: string) => new Date(Date.parse(dayStart(day)) + 86_400_000).toISOString();

/**
 * From when this actor may count a customer's consumption (DOMAIN.md, customer manager):
 * a manager sees only their own customers, and a manager or supervisor only from the
 * moment the customer was assigned to its manager.
 */
function countsFrom(actor: StaffActor, customer: Customer, rangeStart: string): string {
  if (actor.role !== "manager" && actor.role !== "supervisor") return rangeStart;
  if (!customer.manager || !customer.managerAssignedAt || (actor.role === "manager" && customer.manager.id !== actor.staffId)) {
    throw notFound("customer", customer.id);
  }
  return customer.managerAssignedAt > rangeStart ? customer.managerAssignedAt : rangeStart;
}

@Resolver(() => Customer)
export class CustomerBillingResolver {
  @FieldResolver(() => Money, {
    description: "What the customer can spend now: its own cash (which stays usable after it associates with a partner) plus funds the partner allocated to it.",
  })
  async balance(@Root() customer: Customer, @Ctx() { actor, loaders }: Context): Promise<Money> {
    if (actor.role !== "customer") requireStaff(actor);
    const balance = await loaders.balance.load(customer.id);
    return money((balance?.cash ?? 0n) + (balance?.allocated ?? 0n));
  }

  @FieldResolver(() => Money, { description: "What the customer owes (arrears); zero when it owes nothing. A resale customer in arrears cannot be dissociated until the partner allocates funds to clear it." })
  async arrears(@Root() customer: Customer, @Ctx() { actor, loaders }: Context): Promise<Money> {
    if (actor.role !== "customer") requireStaff(actor);
    return money((await loaders.balance.load(customer.id))?.debt ?? 0n);
  }

  @Directive('@requires(fields: "manager { id } managerAssignedAt")')
  @FieldResolver(() => ConsumptionSummary, {
    description: "The customer's consumption between two days, inclusive (UTC). For viewing only: not a bill. A customer manager sees it from their assignment on.",
  })
  async consumption(
    @Root() customer: Customer,
    @Args(() => DayRangeArgs) { from, to }: DayRangeArgs,
    @Ctx() { actor, loaders }: Context,
  ): Promise<ConsumptionSummary> {
    if (to < from) throw badUserInput("to", `to (${to}) must be on or after from (${from}).`);
    const staff = requireStaff(actor);
    const end = dayAfter(to);
    const start = countsFrom(staff, customer, dayStart(from));
    const groups = start < end ? await loaders.consumption.load({ customerId: customer.id, start, end }) : [];
    return summarize(groups, { from, to, countedFrom: start });
  }
}

/** Billing holds no customer row of its own: the reference (with required fields) is the customer. */
export const customerReference = {
  __resolveReference: (reference: Customer) => Object.assign(new Customer(), reference),
};
