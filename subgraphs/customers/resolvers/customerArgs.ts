import { ArgsType, Field, ID, InputType, registerEnumType } from "type-graphql";
import type { SelectQueryBuilder } from "typeorm";
import { badUserInput } from "../../../common/errors.js";
import { ConnectionArgs, OffsetArgs, OrderDirection, type SortOrder } from "../../common/pagination.js";
import { DateScalar } from "../../../common/scalars.js";
import { AssociationType } from "../entities/association.js";
import { Customer, NewCustomerTag } from "../entities/customer.js";

@InputType({ description: "Narrows a customer list; all given conditions must hold." })
export class CustomerFilter {
  @Field(() => String, { nullable: true, description: "Exact account name." })
  accountName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Part of the real name (company or person), up to 64 characters.",
  })
  nameContains?: string | null;

  @Field(() => AssociationType, { nullable: true, description: "Only this association type." })
  associationType?: AssociationType | null;

  @Field(() => String, { nullable: true, description: "Only customers with this label." })
  label?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Associated on or after this day (UTC)." })
  associatedFrom?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Associated on or before this day (UTC)." })
  associatedTo?: string | null;

  @Field(() => ID, { nullable: true, description: "Only customers assigned to this customer manager." })
  managerId?: string | null;

  @Field(() => NewCustomerTag, { nullable: true, description: "Only customers with this new-customer tag." })
  newCustomerTag?: NewCustomerTag | null;
}

export enum CustomerOrderField {
  ASSOCIATED_AT = "ASSOCIATED_AT",
  NAME = "NAME",
  ACCOUNT_NAME = "ACCOUNT_NAME",
}
registerEnumType(CustomerOrderField, {
  name: "CustomerOrderField",
  description: "What a customer list is sorted by (ties broken by id).",
  valuesConfig: {
    ASSOCIATED_AT: { description: "When the customer was associated." },
    NAME: { description: "Real name." },
    ACCOUNT_NAME: { description: "Account name." },
  },
});

@InputType({ description: "How a customer list is sorted." })
export class CustomerOrder {
  @Field(() => CustomerOrderField, { defaultValue: CustomerOrderField.ASSOCIATED_AT, description: "Sort key." })
  field!: CustomerOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC, description: "Sort direction." })
  direction!: OrderDirection;
}

@ArgsType()
export class CustomersArgs extends ConnectionArgs {
  @Field(() => CustomerFilter, { nullable: true, description: "Which customers to list." })
  filter?: CustomerFilter | null;

  @Field(() => CustomerOrder, { nullable: true, description: "Sort order; newest association first by default." })
  orderBy?: CustomerOrder | null;
}

@ArgsType()
export class CustomersPageArgs extends OffsetArgs {
  @Field(() => CustomerFilter, { nullable: true, description: "Which customers to list." })
  filter?: CustomerFilter | null;

  @Field(() => CustomerOrder, { nullable: true, description: "Sort order; newest association first by default." })
  orderBy?: CustomerOrder | null;
}

/** Adds the filter's conditions; `:param` binding only, never string concatenation of input. */
export function applyCustomerFilter(
  qb: SelectQueryBuilder<Customer>,
  filter: CustomerFilter | null | undefined,
): SelectQueryBuilder<Customer> {
  if (!filter) return qb;
  if (filter.nameContains != null) {
    if (filter.nameContains.length > 64)
      throw badUserInput("filter.nameContains", "filter.nameContains may be at most 64 characters.");
    const escaped = filter.nameContains.replace(/[\\%_]/g, (c) => `\\${c}`);
    // LOWER on both sides: LIKE ignores ASCII case on SQLite but not on PostgreSQL; now neither does.
    qb.andWhere("LOWER(customer.real_name) LIKE LOWER(:nameContains) ESCAPE '\\'", { nameContains: `%${escaped}%` });
  }
  if (filter.accountName != null)
    qb.andWhere("customer.account_name = :accountName", { accountName: filter.accountName });
  if (filter.associationType != null)
    qb.andWhere("association.association_type = :associationType", { associationType: filter.associationType });
  if (filter.label != null) qb.andWhere("association.label = :label", { label: filter.label });
  if (filter.associatedFrom != null)
    qb.andWhere("association.associated_at >= :associatedFrom", {
      associatedFrom: `${filter.associatedFrom}T00:00:00.000Z`,
    });
  if (filter.associatedTo != null)
    qb.andWhere("association.associated_at <= :associatedTo", { associatedTo: `${filter.associatedTo}T23:59:59.999Z` });
  if (filter.managerId != null) qb.andWhere("association.manager_id = :managerId", { managerId: filter.managerId });
  if (filter.newCustomerTag != null)
    qb.andWhere("customer.new_customer_tag = :newCustomerTag", { newCustomerTag: filter.newCustomerTag });
  return qb;
}

const idOf = (customer: Customer) => customer.id;

/** The sort orders a customer list offers; names never travel in cursors (they are masked). */
export function customerOrder(order: CustomerOrder | null | undefined): SortOrder<Customer> {
  const field = order?.field ?? CustomerOrderField.ASSOCIATED_AT;
  const direction = order?.direction ?? OrderDirection.DESC;
  const name = `${field}:${direction}`;
  switch (field) {
    case CustomerOrderField.ASSOCIATED_AT:
      return {
        name,
        direction,
        column: "association.associated_at",
        idColumn: "association.customer_id",
        idOf,
        keyOf: (c) => c.association.associatedAt,
      };
    case CustomerOrderField.NAME:
      return {
        name,
        direction,
        column: "customer.real_name",
        idColumn: "customer.id",
        idOf,
        keyFromId: (id) => `(SELECT real_name FROM customers WHERE id = ${id})`,
      };
    case CustomerOrderField.ACCOUNT_NAME:
      return {
        name,
        direction,
        column: "customer.account_name",
        idColumn: "customer.id",
        idOf,
        keyFromId: (id) => `(SELECT account_name FROM customers WHERE id = ${id})`,
      };
  }
}
