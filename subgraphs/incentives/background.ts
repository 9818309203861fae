import { LessThan, type DataSource } from "typeorm";
import { inBackground } from "../common/database.js";
import { signServiceToken } from "../../common/gatewayToken.js";
import { fenOf } from "../common/money.js";
import type { BackgroundScope } from "../common/subgraph.js";
import { periodConsumption } from "./crossChecks.js";
import { IncentiveNotice, IncentiveStatus } from "./entities/incentiveNotice.js";
import { PerformancePeriod } from "./entities/performancePeriod.js";
import { PerformanceRecord } from "./entities/performanceRecord.js";

/** A period closes 3 days after its month ends, when late consumption lines have arrived. */
const GRACE_MS = 3 * 86_400_000;
const FIRST_PERIOD = "2015-01";

const nextPeriod = (period: string) => {
  const [year, month] = period.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 7);
};

export function lastClosedPeriod(now: number): string {
  const d = new Date(now - GRACE_MS);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

function periodsBetween(from: string, to: string): string[] {
  const periods: string[] = [];
  for (let p = from; p <= to; p = nextPeriod(p)) periods.push(p);
  return periods;
}

/**
 * Performance comes from consumption: each closed period's consumption per partner and
 * service type is taken once from billing's GraphQL (`periodConsumption`, service actor) and
 * kept here, so reading performance never calls billing. Returns how many periods it took.
 */
export async function syncPerformance(
  db: DataSource,
  billingUrl: string,
  secret: Uint8Array,
  now = Date.now(),
): Promise<number> {
  const last = await db
    .getRepository(PerformancePeriod)
    .createQueryBuilder("p")
    .select("MAX(p.period)", "period")
    .getRawOne<{ period: string | null }>();
  const from = last?.period ? nextPeriod(last.period) : FIRST_PERIOD;
  const to = lastClosedPeriod(now);
  if (from > to) return 0;
  const rows = await periodConsumption(billingUrl, await signServiceToken("incentives", secret), from, to);
  const periods = periodsBetween(from, to);
  await db.transaction(async (tx) => {
    for (const row of rows) {
      await tx.getRepository(PerformanceRecord).insert({
        partnerId: row.partnerId,
        period: row.period,
        serviceType: row.serviceType,
        amount: fenOf(row.amount),
      });
    }
    const syncedAt = new Date(now).toISOString();
    for (const period of periods) await tx.getRepository(PerformancePeriod).insert({ period, syncedAt });
  });
  return periods.length;
}

/** Notices not claimed by their deadline become EXPIRED (reads already say so; this keeps filters right). */
export async function expireNotices(db: DataSource, now = new Date().toISOString()): Promise<number> {
  const result = await db.transaction((tx) =>
    tx
      .getRepository(IncentiveNotice)
      .update(
        { storedStatus: IncentiveStatus.NOTIFIED, claimDeadline: LessThan(now) },
        { storedStatus: IncentiveStatus.EXPIRED },
      ),
  );
  return result.affected ?? 0;
}

/** Takes closed periods' performance (retrying until billing answers) and expires notices. */
export function startIncentiveWork({
  db,
  peers,
  gatewayTokenSecret,
  intervalMs,
  log,
}: BackgroundScope): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = inBackground(async () => {
      await expireNotices(db);
      const taken = await syncPerformance(db, peers.billing, gatewayTokenSecret);
      if (taken) log(`incentives: performance taken for ${taken} period(s)`);
    }).then(
      () => {
        if (!stopped) timer = setTimeout(tick, intervalMs * 60);
      },
      (error: Error) => {
        if (!stopped) {
          log(`incentives: will retry: ${error.message}`);
          timer = setTimeout(tick, intervalMs);
        }
      },
    );
  };
  timer = setTimeout(tick, 0);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
