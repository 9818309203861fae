import { badUserInput } from "../../common/errors.js";
import { parseAmount } from "../common/money.js";
import type { MarketingTask } from "./entities/marketingTask.js";
import { type Opportunity, OpportunitySource, OpportunityStatus } from "./entities/opportunity.js";
import { checkText, refuse } from "./rules.js";

/**
 * Opportunities (商机, docs/domain.md) are made in two steps: started from a customer or a
 * marketing task, then given their details and submitted. The rules are plain functions of the
 * input and of facts; the resolver loads what they name.
 */

/** Where an opportunity starts: exactly what its source names. */
export interface OpportunityOrigin {
  customerId: string | null;
  marketingTaskId: string | null;
}

/** Step one names the customer or the marketing task its source says. */
export function originOf(input: {
  source: OpportunitySource;
  customerId?: string | null;
  marketingTaskId?: string | null;
}): OpportunityOrigin {
  if (input.source === OpportunitySource.CUSTOMER) {
    if (!input.customerId)
      throw badUserInput("input.customerId", "An opportunity from a customer names the customer (customerId).");
    return { customerId: input.customerId, marketingTaskId: null };
  }
  if (!input.marketingTaskId)
    throw badUserInput(
      "input.marketingTaskId",
      "An opportunity from a marketing task names the task (marketingTaskId).",
    );
  return { customerId: null, marketingTaskId: input.marketingTaskId };
}

/** An opportunity starts from a marketing task only while the task runs. */
export function assertTaskActive(task: Pick<MarketingTask, "startsAt" | "endsAt">, now: string): void {
  if (now < task.startsAt || now > task.endsAt)
    throw refuse(
      "marketing-task-inactive",
      `The marketing task runs from ${task.startsAt.slice(0, 10)} to ${task.endsAt.slice(0, 10)}.`,
    );
}

/** Step two's details, checked: an amount in fen, the products, a closing day today or later. */
export function checkSubmission(
  input: { expectedAmount: string; products: string; expectedCloseDate: string },
  today: string,
): Pick<Opportunity, "expectedAmountFen" | "products" | "expectedCloseDate"> {
  const expectedAmountFen = parseAmount("input.expectedAmount", input.expectedAmount);
  const products = checkText("input.products", input.products, 200);
  if (input.expectedCloseDate < today)
    throw badUserInput("input.expectedCloseDate", "expectedCloseDate must be today or later.");
  return { expectedAmountFen, products, expectedCloseDate: input.expectedCloseDate };
}

/** Only a draft is submitted, once. */
export function assertDraft(opportunity: Pick<Opportunity, "status">): void {
  if (opportunity.status !== OpportunityStatus.DRAFT)
    throw refuse("already-submitted", "The opportunity was already submitted.");
}
