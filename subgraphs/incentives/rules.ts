import type { GraphQLError } from "graphql";
import { preconditionFailed } from "../../common/errors.js";

/**
 * Every rule of this subgraph that can refuse a request: the `extensions.rule` of its
 * PRECONDITION_FAILED errors, which clients branch on.
 */
export type IncentivesRule =
  // claiming a notice
  | "claim-deadline-passed"
  | "already-claimed"
  // its invoice
  | "not-claimed"
  | "invoice-not-needed"
  | "invoice-amount-mismatch"
  // its payout
  | "not-payable";

/** A rule of this subgraph said no: PRECONDITION_FAILED with the rule's name. */
export const refuse = (rule: IncentivesRule, message: string): GraphQLError => preconditionFailed(rule, message);
