import type { CapabilityLabel } from "./entities/capabilityLabel.js";
import { type CapabilityLabelApplication, ReviewStatus } from "./entities/capabilityLabelApplication.js";
import { refuse } from "./rules.js";
import { addWorkingDays } from "./workingDays.js";

/**
 * Capability labels (能力标签, docs/domain.md, Partners): a partner applies, a platform reviewer
 * approves or rejects within the label's service level. The rules are plain functions of facts;
 * the resolver reads and writes.
 */

/** One application per label at a time: a new one only after the earlier ones were all rejected. */
export function assertMayApply(
  label: Pick<CapabilityLabel, "name">,
  earlier: readonly Pick<CapabilityLabelApplication, "status">[],
): void {
  const open = earlier.find((a) => a.status !== ReviewStatus.REJECTED);
  if (open)
    throw refuse(
      "label-already-applied",
      `Your partner's application for ${label.name} is ${open.status === ReviewStatus.APPROVED ? "already approved" : "still under review"}.`,
    );
}

/** When the review of an application made at `now` is due: the label's service level in working days. */
export const reviewDueBy = (label: Pick<CapabilityLabel, "reviewWorkingDays">, now: Date): string =>
  addWorkingDays(now, label.reviewWorkingDays).toISOString();

/** Only an application under review is decided. */
export function assertUnderReview(application: Pick<CapabilityLabelApplication, "status">): void {
  if (application.status !== ReviewStatus.UNDER_REVIEW)
    throw refuse("not-under-review", `This application is already ${application.status}.`);
}

/** The reviewer's decision on an application. */
export function reviewOutcome(
  input: { approve: boolean; comment?: string | null },
  now: string,
): Pick<CapabilityLabelApplication, "status" | "comment" | "reviewedAt"> {
  return {
    status: input.approve ? ReviewStatus.APPROVED : ReviewStatus.REJECTED,
    comment: input.comment ?? null,
    reviewedAt: now,
  };
}
