import { Redis } from "ioredis";
import { randomUUID } from "node:crypto";
import type { DataSource, EntitySubscriberInterface, InsertEvent, TransactionCommitEvent } from "typeorm";
import { ApprovalResult } from "./entities/approvalResult.js";

/** The Redis channel on which replicas tell each other that approval results were committed. */
const CHANNEL = "partner-graph:approval-results";

/**
 * Wakes approval-result subscriptions. A commit in this process that wrote results wakes them
 * at once (the TypeORM subscriber below) and, with Redis, every other replica's through a
 * pub/sub message; a poll of the newest sequence is the safety net (pub/sub delivers at most
 * once, and without Redis it is how replicas see each other's commits). Each subscription then
 * reads what is new for it from the shared database, by sequence: a wake carries no data, so
 * a repeated or lost message can neither duplicate nor lose an event.
 */
export class ApprovalFeed {
  private waiters = new Set<() => void>();
  private newest = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: DataSource,
    intervalMs: number,
  ) {
    this.timer = setInterval(() => void this.poll(), intervalMs);
  }

  /** Resolves at the next wake; ask before reading, so nothing committed in between is missed. */
  next(): Promise<void> {
    return new Promise((resolve) => this.waiters.add(resolve));
  }

  /** Results were committed here: wake this process's subscriptions and the other replicas'. */
  committed(): void {
    this.wake();
    this.onCommit?.();
  }

  onCommit?: () => void;

  wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const resolve of waiters) resolve();
  }

  private async poll(): Promise<void> {
    if (this.waiters.size === 0) return;
    const row = await this.db
      .getRepository(ApprovalResult)
      .createQueryBuilder("result")
      .select("MAX(result.sequence)", "newest")
      .getRawOne<{ newest: number | null }>()
      .catch(() => null);
    const newest = Number(row?.newest ?? 0);
    if (newest > this.newest) {
      this.newest = newest;
      this.wake();
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.wake();
  }
}

const feeds = new WeakMap<DataSource, ApprovalFeed>();

export function feedOf(db: DataSource): ApprovalFeed {
  const feed = feeds.get(db);
  if (!feed) throw new Error("The approval feed is not running.");
  return feed;
}

/** Notes a transaction that wrote approval results, and wakes the feed once it commits. */
class ApprovalCommits implements EntitySubscriberInterface<ApprovalResult> {
  constructor(private readonly feed: ApprovalFeed) {}

  listenTo() {
    return ApprovalResult;
  }

  afterInsert(event: InsertEvent<ApprovalResult>): void {
    event.queryRunner.data = { ...event.queryRunner.data, approvalResultsWritten: true };
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (!event.queryRunner.data?.approvalResultsWritten) return;
    event.queryRunner.data.approvalResultsWritten = false;
    this.feed.committed();
  }
}

/** Where the feed runs: how often it polls, and Redis (`REDIS_URL`) to hear other replicas at once. */
export interface ApprovalFeedOptions {
  pollMs: number;
  redisUrl?: string;
  log(message: string): void;
}

export function startApprovalFeed(db: DataSource, options: ApprovalFeedOptions): () => Promise<void> {
  const feed = new ApprovalFeed(db, options.pollMs);
  feeds.set(db, feed);
  (db.subscribers as EntitySubscriberInterface[]).push(new ApprovalCommits(feed));
  const redis = options.redisUrl ? listenToReplicas(feed, options.redisUrl, options.log) : null;
  return async () => {
    feed.stop();
    await redis?.stop();
  };
}

function listenToReplicas(feed: ApprovalFeed, url: string, log: (message: string) => void) {
  const me = randomUUID();
  const publisher = new Redis(url, { maxRetriesPerRequest: 1 });
  const subscriber = new Redis(url);
  // Redis down: the poll still finds every commit; say so once per outage, never crash.
  let healthy = true;
  const failed = (error: Error) => {
    if (healthy) log(`approval feed: Redis unavailable (${error.message}); other replicas' results come by polling`);
    healthy = false;
  };
  publisher.on("error", failed);
  subscriber.on("error", failed);
  subscriber.on("ready", () => (healthy = true));
  subscriber.subscribe(CHANNEL).catch(failed);
  subscriber.on("message", (_channel: string, from: string) => from !== me && feed.wake());
  feed.onCommit = () => void publisher.publish(CHANNEL, me).catch(failed);
  return {
    stop: async () => {
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
    },
  };
}
