import type { DataSource } from "typeorm";
import { demoPartners, endOfCycle, type DemoOptions } from "../common/demo.js";
import { Random } from "../common/random.js";
import { IncentiveNotice, IncentiveStatus } from "./entities/incentiveNotice.js";

const YEAR = 365 * 86_400_000;

/** Monthly periods from the partner's first full month to `until`. */
function periodsOf(joinedAt: string, until: string): string[] {
  const periods: string[] = [];
  const joined = new Date(joinedAt);
  for (let d = new Date(Date.UTC(joined.getUTCFullYear(), joined.getUTCMonth() + 1, 1)); d.toISOString().slice(0, 7) <= until; d.setUTCMonth(d.getUTCMonth() + 1)) {
    periods.push(d.toISOString().slice(0, 7));
  }
  return periods;
}

export async function seedIncentives(db: DataSource, demo: DemoOptions, progress: (message: string) => void): Promise<void> {
  const now = endOfCycle(demo.until);
  const notices = demoPartners(demo.seed).flatMap((partner) =>
    periodsOf(partner.joinedAt, demo.until).map((period) => {
      const random = new Random(`${demo.seed}:incentive:${partner.id}:${period}`);
      // Notices come out about 20 days after the period closes.
      const notifiedAt = endOfCycle(period) + random.int(15, 25) * 86_400_000;
      const deadline = notifiedAt + YEAR;
      const status = deadline < now ? random.weighted([[IncentiveStatus.PAID, 90], [IncentiveStatus.EXPIRED, 10]] as const) : random.weighted([[IncentiveStatus.NOTIFIED, 40], [IncentiveStatus.CLAIMED, 20], [IncentiveStatus.INVOICED, 15], [IncentiveStatus.PAID, 25]] as const);
      return Object.assign(new IncentiveNotice(), {
        id: random.uuid(),
        partnerId: partner.id,
        period,
        noticeAmountFen: BigInt(random.int(300_000, 8_000_000)),
        status,
        notifiedAt: new Date(notifiedAt).toISOString(),
        claimDeadline: new Date(deadline).toISOString(),
      });
    }),
  );
  await db.transaction((tx) => tx.getRepository(IncentiveNotice).insert(notices));
  progress(`${notices.length} incentive notices`);
}
