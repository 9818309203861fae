/**
 * An incentive must be claimed within one calendar year of its notice (docs/domain.md,
 * Incentives). A calendar year, not 365 days: the deadline falls on the same day of the same
 * month a year later, at the same time of day. A notice of 29 February has no such day in the
 * next year; then the deadline is the last day of February, as Chinese law counts periods in
 * years (the period ends on the last day of the month when the month has no corresponding
 * day), so the partner never gets more than a year.
 */
export function claimDeadlineOf(notifiedAt: string): string {
  const notified = new Date(notifiedAt);
  if (Number.isNaN(notified.getTime())) throw new RangeError(`Not an instant: ${notifiedAt}`);
  const year = notified.getUTCFullYear() + 1;
  const month = notified.getUTCMonth();
  const lastDayOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const deadline = new Date(notified);
  deadline.setUTCFullYear(year, month, Math.min(notified.getUTCDate(), lastDayOfMonth));
  return deadline.toISOString();
}
