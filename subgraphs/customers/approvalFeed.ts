import type { DataSource, EntitySubscriberInterface, InsertEvent, TransactionCommitEvent } from "typeorm";
import { ApprovalResult } from "./entities/approvalResult.js";

/**
 * Wakes approval-result subscriptions. A commit in this process that wrote results wakes them
 * at once (the TypeORM subscriber below); commits of other processes (replicas) are seen by a
 * poll of the newest sequence. Each subscription then reads what is new for it, in SQL.
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

  wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const resolve of waiters) resolve();
  }

  private async poll(): Promise<void> {
    if (this.waiters.size === 0) return;
    const row = await this.db.getRepository(ApprovalResult).createQueryBuilder("result").select("MAX(result.sequence)", "newest").getRawOne<{ newest: number | null }>().catch(() => null);
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
    this.feed.wake();
  }
}

export function startApprovalFeed(db: DataSource, intervalMs: number): () => Promise<void> {
  const feed = new ApprovalFeed(db, intervalMs);
  feeds.set(db, feed);
  (db.subscribers as EntitySubscriberInterface[]).push(new ApprovalCommits(feed));
  return async () => feed.stop();
}
