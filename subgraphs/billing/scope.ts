import type { ObjectLiteral, SelectQueryBuilder } from "typeorm";
import type { BillingScope } from "./crossChecks.js";

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
