import type { SubgraphContext } from "../common/context.js";
import { notFound } from "../../common/errors.js";
import { callSubgraph } from "../common/peers.js";

/**
 * Every call of the billing subgraph to another one: the facts of other subgraphs that
 * billing's rules and visibility need, asked through their GraphQL with the request's gateway
 * token (so their own visibility applies), never read from their tables; and, with billing's
 * own service token, the customers subgraph's approval feed in both directions.
 */
type Peers = Pick<SubgraphContext<unknown>, "peers" | "gatewayToken">;

export interface CustomerFacts {
  id: string;
  associationType: "CONSULTING_SALES" | "RESALE";
  newCustomerTag: "YES" | "NO" | "UNDETERMINED";
}

const FACTS = `query Facts($customers: [_Any!]!) { _entities(representations: $customers) { ... on Customer { id associationType newCustomerTag } } }`;

/** Facts of customers the caller may see; an id it may not see is missing from the map. */
export async function customerFacts(context: Peers, ids: readonly string[]): Promise<Map<string, CustomerFacts>> {
  const { _entities } = await callSubgraph<{ _entities: (CustomerFacts | null)[] }>(
    "customers",
    context.peers.customers,
    context.gatewayToken,
    FACTS,
    { customers: ids.map((id) => ({ __typename: "Customer", id })) },
  );
  return new Map(_entities.filter((facts): facts is CustomerFacts => facts !== null).map((facts) => [facts.id, facts]));
}

export async function factsOf(context: Peers, id: string): Promise<CustomerFacts> {
  const facts = (await customerFacts(context, [id])).get(id);
  if (!facts) throw notFound("customer", id);
  return facts;
}

/** A customer assigned to the caller (a manager, or a supervisor's team), counted from its assignment. */
export interface AssignedCustomer {
  id: string;
  countsFrom: string;
}

/** The customers the caller is assigned, as customers (which owns assignments) says. */
export async function assignedCustomers(context: Peers): Promise<AssignedCustomer[]> {
  const { customerScope } = await callSubgraph<{ customerScope: { customers: AssignedCustomer[] } }>(
    "customers",
    context.peers.customers,
    context.gatewayToken,
    `{ customerScope { customers { id countsFrom } } }`,
  );
  return customerScope.customers;
}

/** Our partner's type, from partners (resellers alone may set product discounts). */
export async function partnerType(context: Peers): Promise<string> {
  const { partner } = await callSubgraph<{ partner: { type: string } }>(
    "partners",
    context.peers.partners,
    context.gatewayToken,
    `{ partner { type } }`,
  );
  return partner.type;
}

/** An approval result of the customers subgraph's outbox that billing acts on. */
export interface AssociationEvent {
  sequence: number;
  id: string;
  kind: "ASSOCIATION_TYPE_SWITCH" | "DISSOCIATION";
  status: string;
  partnerId: string;
  customerId: string;
}

const FEED = `query Feed($after: Int!) { approvalResultsFeed(afterSequence: $after, limit: 100) { sequence id kind status partnerId customerId } }`;

/** Up to 100 approval results after `after`, in sequence order (billing's service token). */
export async function approvalResultsAfter(
  customersUrl: string,
  serviceToken: string,
  after: number,
): Promise<AssociationEvent[]> {
  const { approvalResultsFeed } = await callSubgraph<{ approvalResultsFeed: AssociationEvent[] }>(
    "customers",
    customersUrl,
    serviceToken,
    FEED,
    { after },
  );
  return approvalResultsFeed;
}

/** The platform's decision on a voucher quota application, as the approval feed records it. */
export interface QuotaDecision {
  applicationId: string;
  partnerId: string;
  approved: boolean;
  comment: string | null;
  decidedAt: string | null;
}

const RECORD = `mutation Record($applicationId: String!, $partnerId: String!, $approved: Boolean!, $comment: String, $decidedAt: String!) {
  recordQuotaDecision(applicationId: $applicationId, partnerId: $partnerId, approved: $approved, comment: $comment, decidedAt: $decidedAt)
}`;

/** Puts a decision on the approval feed; customers records each application once (billing's service token). */
export async function recordQuotaDecision(
  customersUrl: string,
  serviceToken: string,
  decision: QuotaDecision,
): Promise<void> {
  await callSubgraph("customers", customersUrl, serviceToken, RECORD, { ...decision });
}
