import type { ObjectLiteral, SelectQueryBuilder } from "typeorm";
import { requireStaff, type Actor, type StaffActor } from "../../common/actor.js";
import { notFound } from "../../common/errors.js";
import type { SubgraphContext } from "../common/context.js";
import { assignedCustomers, type AssignedCustomer } from "./crossChecks.js";

/**
 * What a caller may see of billing (docs/domain.md, customer manager): the rules are plain
 * functions of the caller and the assignment facts; `billingScope` gathers the facts and
 * `inScope` applies a scope in SQL.
 */

/**
 * The customers a staff member sees in billing's lists, dashboard and export: the whole
 * partner for admin and analyst; for a manager or supervisor, their customers, each counted
 * from its assignment (customers owns assignments and knows who reports to whom).
 */
export interface BillingScope {
  partnerId: string;
  wholePartner: boolean;
  /** Customer id → the instant its records count from. */
  customers: Map<string, string>;
}

/** The assignment facts billing requires of a customer (`@requires`, from customers). */
export interface Assignment {
  id: string;
  manager?: { id: string } | null;
  managerAssignedAt?: string | null;
}

/** Admin and analyst see all of their partner's customers; a manager or supervisor only assigned ones. */
export const seesWholePartner = (staff: StaffActor): boolean => staff.role === "admin" || staff.role === "analyst";

/** A staff member's scope, given the customers assigned to them (not asked for whole-partner roles). */
export function scopeOf(staff: StaffActor, assigned: readonly AssignedCustomer[]): BillingScope {
  if (seesWholePartner(staff)) return { partnerId: staff.partnerId, wholePartner: true, customers: new Map() };
  return {
    partnerId: staff.partnerId,
    wholePartner: false,
    customers: new Map(assigned.map((c) => [c.id, c.countsFrom])),
  };
}

export async function billingScope(
  context: Pick<SubgraphContext<unknown>, "peers" | "gatewayToken">,
  staff: StaffActor,
): Promise<BillingScope> {
  return scopeOf(staff, seesWholePartner(staff) ? [] : await assignedCustomers(context));
}

/**
 * A manager sees only their own customers, a supervisor only assigned ones (their team's, as
 * the customers subgraph already filtered): checked again on the required assignment facts.
 */
export function assertSeesCustomer(actor: StaffActor, customer: Assignment): void {
  if (seesWholePartner(actor)) return;
  if (
    !customer.manager ||
    !customer.managerAssignedAt ||
    (actor.role === "manager" && customer.manager.id !== actor.staffId)
  ) {
    throw notFound("customer", customer.id);
  }
}

/**
 * From when this actor may count a customer's consumption (the from-assignment rule): a
 * manager or supervisor only from the moment the customer was assigned to its manager.
 */
export function countsFrom(actor: StaffActor, customer: Assignment, rangeStart: string): string {
  assertSeesCustomer(actor, customer);
  if (seesWholePartner(actor)) return rangeStart;
  return customer.managerAssignedAt! > rangeStart ? customer.managerAssignedAt! : rangeStart;
}

/**
 * A customer's balance and arrears: the customer itself (customers resolves only its own
 * account for it) and the partner's staff; allocated funds and consumption are for staff only.
 */
export function assertMaySeeBalance(actor: Actor): void {
  if (actor.role !== "customer") requireStaff(actor);
}

/** Whose vouchers a caller lists: a customer only its own; staff their scope of the partner's. */
export type VoucherViewer = { customerId: string } | { staff: StaffActor };

export function voucherViewer(actor: Actor): VoucherViewer {
  return actor.role === "customer" ? { customerId: actor.customerId } : { staff: requireStaff(actor) };
}

let unique = 0;

/**
 * Limits a query on a table with `partner_id` and `customer_id` to the caller's scope, in SQL.
 * With `since`, each customer's rows count from its own instant (the from-assignment rule).
 */
export function inScope<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  scope: BillingScope,
  since?: { column: string; from: string },
): SelectQueryBuilder<T> {
  const n = ++unique;
  qb.andWhere(`${alias}.partner_id = :scopePartner${n}`, { [`scopePartner${n}`]: scope.partnerId });
  if (since) qb.andWhere(`${since.column} >= :scopeFrom${n}`, { [`scopeFrom${n}`]: since.from });
  if (scope.wholePartner) return qb;
  const customers = [...scope.customers];
  if (customers.length === 0) return qb.andWhere("1 = 0");
  qb.andWhere(`${alias}.customer_id IN (:...scopeCustomers${n})`, {
    [`scopeCustomers${n}`]: customers.map(([id]) => id),
  });
  if (!since) return qb;
  const cases = customers.map((_, i) => `WHEN :sc${n}_${i} THEN :sf${n}_${i}`).join(" ");
  return qb.andWhere(
    `${since.column} >= CASE ${alias}.customer_id ${cases} END`,
    Object.fromEntries(
      customers.flatMap(([id, countsFrom], i) => [
        [`sc${n}_${i}`, id],
        [`sf${n}_${i}`, countsFrom > since.from ? countsFrom : since.from],
      ]),
    ),
  );
}
