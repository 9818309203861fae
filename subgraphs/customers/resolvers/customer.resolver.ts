import { Arg, Args, Ctx, FieldResolver, ID, ObjectType, Query, Resolver, Root } from "type-graphql";
import type { SubgraphContext } from "../../common/context.js";
import { forbidden } from "../../../common/errors.js";
import {
  connection,
  ConnectionType,
  offsetPage,
  PageType,
  type Connection,
  type Page,
} from "../../common/pagination.js";
import { requireStaff, type Actor } from "../../../common/actor.js";
import { Customer } from "../entities/customer.js";
import type { CustomersLoaders } from "../loaders.js";
import { mask } from "../masking.js";
import { applyCustomerFilter, customerOrder, CustomersArgs, CustomersPageArgs } from "./customerArgs.js";

type Context = SubgraphContext<CustomersLoaders>;

@ObjectType({ description: "A page of customers by cursor." })
export class CustomerConnection extends ConnectionType(Customer) {}

@ObjectType({ description: "A page of customers by offset and limit." })
export class CustomerPage extends PageType(Customer) {}

/** Analysts explore without ever seeing who a customer is; everyone else sees whom they may see. */
function mayReveal(actor: Actor): boolean {
  return actor.role !== "analyst" && actor.role !== "anonymous";
}

async function revealed(
  customer: Customer,
  field: "name" | "accountName",
  value: string,
  reveal: boolean,
  { actor, loaders }: Context,
): Promise<string> {
  if (!reveal) return mask(value);
  if (!mayReveal(actor)) throw forbidden(`Your role (${actor.role}) may not reveal ${field}; it stays masked.`);
  await loaders.revealAudit.load(`${customer.id}:${field}`);
  return value;
}

const REVEAL = {
  defaultValue: false,
  description: "Show the full value; only roles allowed to reveal, and every reveal is audit-logged.",
};

@Resolver(() => Customer)
export class CustomerResolver {
  @Query(() => CustomerConnection, { description: "The customers the caller may see, by cursor." })
  async customers(
    @Args(() => CustomersArgs) args: CustomersArgs,
    @Ctx() { actor, loaders }: Context,
  ): Promise<Connection<Customer>> {
    requireStaff(actor);
    return connection(applyCustomerFilter(await loaders.visible(), args.filter), customerOrder(args.orderBy), args);
  }

  @Query(() => CustomerPage, {
    description: "The customers the caller may see, by offset and limit (same filter and order as `customers`).",
  })
  async customersPage(
    @Args(() => CustomersPageArgs) args: CustomersPageArgs,
    @Ctx() { actor, loaders }: Context,
  ): Promise<Page<Customer>> {
    requireStaff(actor);
    return offsetPage(applyCustomerFilter(await loaders.visible(), args.filter), customerOrder(args.orderBy), args);
  }

  @Query(() => Customer, {
    nullable: true,
    description: "One customer by id; null when it does not exist or the caller may not see it.",
  })
  customer(
    @Arg("id", () => ID, { description: "The customer's account id." }) id: string,
    @Ctx() { loaders }: Context,
  ): Promise<Customer | null> {
    return loaders.customer.load(id);
  }

  @FieldResolver(() => String, { description: "Real name (company or person), masked unless revealed." })
  name(
    @Root() customer: Customer,
    @Arg("reveal", () => Boolean, REVEAL) reveal: boolean,
    @Ctx() context: Context,
  ): Promise<string> {
    return revealed(customer, "name", customer.realName, reveal, context);
  }

  @FieldResolver(() => String, { description: "Account name, masked unless revealed." })
  accountName(
    @Root() customer: Customer,
    @Arg("reveal", () => Boolean, REVEAL) reveal: boolean,
    @Ctx() context: Context,
  ): Promise<string> {
    return revealed(customer, "accountName", customer.accountName, reveal, context);
  }
}

/** Resolves `Customer` references from other subgraphs, only those the caller may see. */
export const customerReference = {
  __resolveReference: (reference: { id: string }, { loaders }: Context) => loaders.customer.load(reference.id),
};
