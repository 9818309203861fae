import type { GraphQLError } from "graphql";
import { preconditionFailed } from "../../common/errors.js";

/**
 * Every rule of this subgraph that can refuse a request: the `extensions.rule` of its
 * PRECONDITION_FAILED errors, which clients branch on.
 */
export type PartnersRule =
  // programs and the development path
  | "program-partner-type"
  | "already-a-member"
  | "not-on-development-path"
  | "already-exited"
  // business certifications and capability labels under review
  | "review-in-progress"
  | "label-already-applied"
  | "not-under-review";

/** A rule of this subgraph said no: PRECONDITION_FAILED with the rule's name. */
export const refuse = (rule: PartnersRule, message: string): GraphQLError => preconditionFailed(rule, message);
