import type { StaffActor } from "../../common/actor.js";
import type { SubgraphContext } from "../common/context.js";
import { notFound } from "../../common/errors.js";
import { callSubgraph } from "../common/peers.js";

/**
 * What billing asks the customers subgraph (through its GraphQL, with the request's gateway
 * token, so customers' own visibility applies), never its tables.
 */
export interface CustomerFacts {
  id: string;
  associationType: "CONSULTING_SALES" | "RESALE";
  newCustomerTag: "YES" | "NO" | "UNDETERMINED";
}

/** Facts of customers the caller may see; an id it may not see is missing from the map. */
export async function customerFacts(
  context: SubgraphContext<unknown>,
  ids: readonly string[],
): Promise<Map<string, CustomerFacts>> {
  const { _entities } = await callSubgraph<{ _entities: (CustomerFacts | null)[] }>(
    "customers",
    context.peers.customers,
    context.gatewayToken,
    `query Facts($customers: [_Any!]!) { _entities(representations: $customers) { ... on Customer { id associationType newCustomerTag } } }`,
    { customers: ids.map((id) => ({ __typename: "Customer", id })) },
  );
  return new Map(_entities.filter((facts): facts is CustomerFacts => facts !== null).map((facts) => [facts.id, facts]));
}

export async function factsOf(context: SubgraphContext<unknown>, id: string): Promise<CustomerFacts> {
  const facts = (await customerFacts(context, [id])).get(id);
  if (!facts) throw notFound("customer", id);
  return facts;
}

/**
 * The customers a staff member sees in billing's lists, dashboard and export: the whole
 * partner for admin and analyst; for a manager or supervisor, their customers, each counted
 * from its assignment (asked from customers, which owns assignments).
 */
export interface BillingScope {
  partnerId: string;
  wholePartner: boolean;
  /** Customer id → the instant its records count from. */
  customers: Map<string, string>;
}

export async function billingScope(
  context: Pick<SubgraphContext<unknown>, "peers" | "gatewayToken">,
  staff: StaffActor,
): Promise<BillingScope> {
  if (staff.role === "admin" || staff.role === "analyst")
    return { partnerId: staff.partnerId, wholePartner: true, customers: new Map() };
  const { customerScope } = await callSubgraph<{ customerScope: { customers: { id: string; countsFrom: string }[] } }>(
    "customers",
    context.peers.customers,
    context.gatewayToken,
    `{ customerScope { customers { id countsFrom } } }`,
  );
  return {
    partnerId: staff.partnerId,
    wholePartner: false,
    customers: new Map(customerScope.customers.map((c) => [c.id, c.countsFrom])),
  };
}

/** Our partner's type, from partners (resellers alone may set product discounts). */
export async function partnerType(context: SubgraphContext<unknown>): Promise<string> {
  const { partner } = await callSubgraph<{ partner: { type: string } }>(
    "partners",
    context.peers.partners,
    context.gatewayToken,
    `{ partner { type } }`,
  );
  return partner.type;
}
