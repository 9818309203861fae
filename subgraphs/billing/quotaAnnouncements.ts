import { IsNull, Not, type DataSource } from "typeorm";
import { signServiceToken } from "../../common/gatewayToken.js";
import { inBackground } from "../common/database.js";
import type { BackgroundScope } from "../common/subgraph.js";
import { recordQuotaDecision } from "./crossChecks.js";
import { QuotaApplicationStatus, VoucherQuotaApplication } from "./entities/voucherQuotaApplication.js";

/**
 * Puts the platform's decisions on voucher quota applications on the approval feed, which the
 * customers subgraph owns (history and subscription). The decided application is billing's
 * outbox: until customers has taken a decision it stays unannounced and is sent again, and
 * customers records each application once however often it is sent.
 */
export async function announceQuotaDecisions(
  db: DataSource,
  customersUrl: string,
  secret: Uint8Array,
): Promise<number> {
  const decided = await db.getRepository(VoucherQuotaApplication).find({
    where: { announcedAt: IsNull(), status: Not(QuotaApplicationStatus.UNDER_REVIEW) },
    order: { reviewedAt: "ASC", id: "ASC" },
    take: 100,
  });
  if (decided.length === 0) return 0;
  const token = await signServiceToken("billing", secret);
  for (const application of decided) {
    await recordQuotaDecision(customersUrl, token, {
      applicationId: application.id,
      partnerId: application.partnerId,
      approved: application.status === QuotaApplicationStatus.APPROVED,
      comment: application.comment,
      decidedAt: application.reviewedAt,
    });
    await db
      .getRepository(VoucherQuotaApplication)
      .update({ id: application.id }, { announcedAt: new Date().toISOString() });
  }
  return decided.length;
}

/** Announces new decisions every `intervalMs`; returns the stop function. */
export function startQuotaAnnouncements({ db, peers, gatewayTokenSecret, intervalMs, log }: BackgroundScope) {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = inBackground(() => announceQuotaDecisions(db, peers.customers, gatewayTokenSecret)).catch(
      (error: Error) => log(`billing: announcing quota decisions will retry: ${error.message}`),
    );
  }, intervalMs);
  return async (): Promise<void> => {
    clearInterval(timer);
    await running;
  };
}
