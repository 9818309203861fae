import type { SubgraphContext } from "../common/context.js";
import { preconditionFailed } from "../../common/errors.js";
import { callSubgraph } from "../common/peers.js";

/**
 * Facts of other subgraphs that customers' rules need, asked through their GraphQL with the
 * request's gateway token (so their own visibility applies), never read from their tables.
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
    throw preconditionFailed(
      "verification-code-required",
      "Your partner requires a verification code for this request: call sendVerificationCode, then pass the code as verificationCode.",
    );
  }
  if (outcome === "INVALID") {
    throw preconditionFailed(
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
    throw preconditionFailed(
      "arrears",
      `The customer is in arrears of ${arrears} yuan: allocate funds to clear the debt before dissociating.`,
    );
  }
}
