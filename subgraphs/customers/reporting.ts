import { randomUUID } from "node:crypto";
import { IsNull, MoreThan, type EntityManager } from "typeorm";
import { Association } from "./entities/association.js";
import { Customer } from "./entities/customer.js";
import { CustomerReport } from "./entities/customerReport.js";
import { REPORT_VALIDITY_MS, refuse } from "./rules.js";

/**
 * Customer reports (客户报备, docs/domain.md): a partner reserves an unassociated account for 90
 * days. The rule is a plain function of facts; `fileReport` gathers them and writes in the
 * caller's transaction.
 */

/** What decides whether an account may be reported. */
export interface ReportFacts {
  /** Whether the account exists and has an active association with any partner. */
  associated: boolean;
  /** A report still reserving the account (valid and not converted), by whichever partner. */
  activeReport: Pick<CustomerReport, "partnerId" | "validUntil"> | null;
}

/** Only unassociated accounts are reported, and one report reserves an account at a time. */
export function assertMayReport(partnerId: string, facts: ReportFacts): void {
  if (facts.associated)
    throw refuse(
      "already-associated",
      "This customer is already associated with a partner; only unassociated customers can be reported.",
    );
  const active = facts.activeReport;
  if (!active) return;
  throw active.partnerId === partnerId
    ? refuse(
        "already-reported",
        `Your partner already reported this customer, until ${active.validUntil.slice(0, 10)}.`,
      )
    : refuse(
        "reported-by-another-partner",
        `Another partner reported this customer; it is reserved for them until ${active.validUntil.slice(0, 10)}.`,
      );
}

/** Until when a report filed at `now` (ms) reserves the account. */
export const reportValidUntil = (now: number) => new Date(now + REPORT_VALIDITY_MS).toISOString();

export async function reportFacts(tx: EntityManager, accountName: string, now: string): Promise<ReportFacts> {
  const existing = await tx.getRepository(Customer).findOneBy({ accountName });
  const associated = existing
    ? await tx.getRepository(Association).existsBy({ customerId: existing.id, endedAt: IsNull() })
    : false;
  // An associated account is refused whatever its reports say: no need to read them.
  const activeReport = associated
    ? null
    : await tx
        .getRepository(CustomerReport)
        .findOneBy({ accountName, validUntil: MoreThan(now), convertedAt: IsNull() });
  return { associated, activeReport };
}

export interface ReportAsk {
  partnerId: string;
  accountName: string;
  reason: string;
  /** The token subject that reports. */
  subject: string;
}

/** Files a report in the caller's transaction, after checking the rules there. */
export async function fileReport(tx: EntityManager, ask: ReportAsk, now = Date.now()): Promise<CustomerReport> {
  const at = new Date(now).toISOString();
  assertMayReport(ask.partnerId, await reportFacts(tx, ask.accountName, at));
  return tx.getRepository(CustomerReport).save({
    id: randomUUID(),
    partnerId: ask.partnerId,
    accountName: ask.accountName,
    reason: ask.reason,
    reportedBy: ask.subject,
    reportedAt: at,
    validUntil: reportValidUntil(now),
    convertedAt: null,
  });
}

/** The reports reserving an account now (valid and not converted), by any partner. */
export function reservingReports(tx: EntityManager, accountName: string, now: string): Promise<CustomerReport[]> {
  return tx.getRepository(CustomerReport).findBy({ accountName, validUntil: MoreThan(now), convertedAt: IsNull() });
}

/** The partner's own reports of an account are converted once the account becomes its customer. */
export function convertReports(tx: EntityManager, accountName: string, partnerId: string, now: string) {
  return tx
    .getRepository(CustomerReport)
    .update({ accountName, partnerId, convertedAt: IsNull() }, { convertedAt: now });
}
