import type { SubgraphContext } from "../common/context.js";
import { callSubgraph } from "../common/peers.js";
import { refuse } from "./rules.js";

/**
 * Every call of the customers subgraph to another one: the facts of other subgraphs that
 * customers' rules and visibility need, asked through their GraphQL with the request's gateway
 * token (so their own visibility applies), never read from their tables.
 */
export type SensitiveAction = "SWITCH_ASSOCIATION_TYPE" | "DISSOCIATE_CUSTOMER";

/** Partners owns verification codes: it checks and uses up the code, or says none is needed. */
export async function checkVerificationCode(
  context: SubgraphContext<unknown>,
  action: SensitiveAction,
  code: string | null | undefined,
): Promise<void> {
  const { verifySensitiveAction: outcome } = await callSubgraph<{ verifySensitiveAction: string }>(
    "partners",
    context.peers.partners,
    context.gatewayToken,
    `mutation Verify($action: SensitiveAction!, $code: String) { verifySensitiveAction(action: $action, code: $code) }`,
    { action, code: code ?? null },
  );
  if (outcome === "MISSING") {
    throw refuse(
      "verification-code-required",
      "Your partner requires a verification code for this request: call sendVerificationCode, then pass the code as verificationCode.",
    );
  }
  if (outcome === "INVALID") {
    throw refuse(
      "verification-code-invalid",
      "The verification code is wrong, expired, already used, or was sent for another action or person; request a new one.",
    );
  }
}

/** Billing owns balances: a resale customer in arrears cannot be dissociated until the debt is cleared. */
export async function assertNoArrears(context: SubgraphContext<unknown>, customerId: string): Promise<void> {
  const { _entities } = await callSubgraph<{ _entities: ({ arrears: { amount: string } } | null)[] }>(
    "billing",
    context.peers.billing,
    context.gatewayToken,
    `query Arrears($customers: [_Any!]!) { _entities(representations: $customers) { ... on Customer { arrears { amount } } } }`,
    { customers: [{ __typename: "Customer", id: customerId }] },
  );
  const arrears = _entities[0]?.arrears.amount ?? "0.00";
  if (arrears !== "0.00") {
    throw refuse(
      "arrears",
      `The customer is in arrears of ${arrears} yuan: allocate funds to clear the debt before dissociating.`,
    );
  }
}

/**
 * Who reports to whom is the partners subgraph's fact. A supervisor's visibility needs it,
 * so the customers subgraph asks partners for the supervisor's managers through its
 * federation interface (`_entities`), with the gateway token of the same request: the
 * answer is scoped to the caller's partner there too. One call per supervisor request.
 */
const REPORTS = `query Team($staff: [_Any!]!) { _entities(representations: $staff) { ... on Staff { id role reports { id } } } }`;

export interface StaffFacts {
  id: string;
  role: "ADMIN" | "SUPERVISOR" | "MANAGER" | "ANALYST";
  reports: { id: string }[];
}

/** Staff of the caller's partner by id, with their reports; null for anyone else. */
export async function staffFacts(
  staffIds: readonly string[],
  partnersUrl: string,
  gatewayToken: string,
): Promise<(StaffFacts | null)[]> {
  const data = await callSubgraph<{ _entities: (StaffFacts | null)[] }>(
    "partners",
    partnersUrl,
    gatewayToken,
    REPORTS,
    {
      staff: staffIds.map((id) => ({ __typename: "Staff", id })),
    },
  );
  return data._entities;
}
