import type { GraphQLError } from "graphql";
import { preconditionFailed } from "../../common/errors.js";

/**
 * Every rule of this subgraph that can refuse a request: the `extensions.rule` of its
 * PRECONDITION_FAILED errors (and the `rule` of a voucher issue failure), which clients branch on.
 */
export type BillingRule =
  // funds: allocation, recovery, partner-paid lines
  | "insufficient-partner-funds"
  | "insufficient-allocated-funds"
  | "resale-only"
  | "partner-pays-consulting-sales-only"
  // invoices
  | "cycle-not-ended"
  | "cycle-invoiced"
  | "invoice-issued"
  | "nothing-to-invoice"
  // discounts
  | "discount-permission"
  | "discount-not-for-resale"
  | "resellers-only"
  // voucher quotas and their applications
  | "review-in-progress"
  | "not-under-review"
  | "quota-unusable"
  | "quota-insufficient"
  | "no-suitable-quota"
  // issuing vouchers
  | "voucher-scope-outside-quota"
  | "validity-outside-quota"
  | "not-a-new-customer"
  // using and reclaiming vouchers
  | "voucher-not-usable"
  | "voucher-scope"
  | "new-customer-voucher-on-demand"
  | "one-voucher-per-order";

/** A rule of this subgraph said no: PRECONDITION_FAILED with the rule's name. */
export const refuse = (rule: BillingRule, message: string): GraphQLError => preconditionFailed(rule, message);
