/** The instant `months` calendar months after `instant` (UTC; a day past the month's end runs over into the next). */
export function monthsAfter(instant: string, months: number): string {
  const d = new Date(instant);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString();
}
