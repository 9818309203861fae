import { createHash, randomUUID } from "node:crypto";
import { badUserInput } from "../../common/errors.js";
import { type BusinessCertification, CertificationStatus } from "./entities/businessCertification.js";
import { Document } from "./entities/document.js";
import type { SupplierRecord } from "./entities/supplierRecord.js";
import { refuse } from "./rules.js";
import { addWorkingDays } from "./workingDays.js";

/**
 * Business-information certification (docs/domain.md, Partners): bank details matching the
 * platform's supplier records are certified at once; others need a bank letter, reviewed by hand
 * by the platform; a failed submission is resubmitted. The rules are plain functions of the
 * submission and of facts; the resolver reads and writes.
 */

const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
const DOCUMENT_TYPES = ["application/pdf", "image/png", "image/jpeg"];
/** Bank letters are reviewed by hand within 3 to 5 working days (API_NOTES.md). */
const MANUAL_REVIEW_WORKING_DAYS = 5;

/** A file as uploaded: its content in base64. */
export interface DocumentUpload {
  fileName: string;
  contentType: string;
  contentBase64: string;
}

/** The bank details a submission certifies. */
export type BankDetails = Pick<SupplierRecord, "bankName" | "bankAccount" | "accountHolder">;

export interface Submission extends BankDetails {
  companyName: string;
}

/** A bank letter: a PDF or an image of 1 byte to 5 MB, stored with its digest. */
export function decodeDocument(input: DocumentUpload, partnerId: string, now = new Date()): Document {
  if (!DOCUMENT_TYPES.includes(input.contentType))
    throw badUserInput("input.bankLetter.contentType", `contentType must be one of ${DOCUMENT_TYPES.join(", ")}.`);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(input.contentBase64))
    throw badUserInput("input.bankLetter.contentBase64", "contentBase64 is not base64.");
  const bytes = Buffer.from(input.contentBase64, "base64");
  if (bytes.length === 0 || bytes.length > MAX_DOCUMENT_BYTES)
    throw badUserInput("input.bankLetter.contentBase64", "The document must hold 1 byte to 5 MB.");
  return Object.assign(new Document(), {
    id: randomUUID(),
    partnerId,
    fileName: input.fileName.slice(0, 200),
    contentType: input.contentType,
    size: bytes.length,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    contentBase64: bytes.toString("base64"),
    uploadedAt: now.toISOString(),
  });
}

/** An account number of 8 to 32 digits; names of 1 to 200 characters. */
export function checkSubmission(input: Submission): void {
  if (!/^\d{8,32}$/.test(input.bankAccount))
    throw badUserInput("input.bankAccount", "bankAccount must be 8 to 32 digits.");
  for (const field of ["companyName", "bankName", "accountHolder"] as const) {
    if (!input[field].trim() || input[field].length > 200)
      throw badUserInput(`input.${field}`, `${field} must be 1 to 200 characters.`);
  }
}

/** A partner resubmits any time except while a bank letter waits for its manual review. */
export function assertMaySubmit(latest: Pick<BusinessCertification, "status" | "reviewDueBy"> | null): void {
  if (latest?.status === CertificationStatus.MANUAL_REVIEW)
    throw refuse(
      "review-in-progress",
      `A bank letter is under manual review until ${latest.reviewDueBy}; wait for its outcome.`,
    );
}

/** Whether the submitted bank details are the supplier records' exactly. */
export const matchesSupplier = (supplier: BankDetails | null, input: BankDetails): boolean =>
  supplier?.bankAccount === input.bankAccount &&
  supplier.bankName === input.bankName &&
  supplier.accountHolder === input.accountHolder;

/** What a submission's outcome is at once. */
export type SubmissionOutcome = Pick<BusinessCertification, "status" | "failureReason" | "reviewDueBy" | "reviewedAt">;

/**
 * Matching details are approved at once; others with a bank letter go to manual review, due
 * within 5 working days; others without one fail, telling the partner to resubmit with a letter.
 */
export function submissionOutcome(matches: boolean, withLetter: boolean, now: Date): SubmissionOutcome {
  if (matches)
    return {
      status: CertificationStatus.APPROVED,
      failureReason: null,
      reviewDueBy: null,
      reviewedAt: now.toISOString(),
    };
  if (withLetter)
    return {
      status: CertificationStatus.MANUAL_REVIEW,
      failureReason: null,
      reviewDueBy: addWorkingDays(now, MANUAL_REVIEW_WORKING_DAYS).toISOString(),
      reviewedAt: null,
    };
  return {
    status: CertificationStatus.FAILED,
    failureReason:
      "The bank details differ from the supplier records. Resubmit with a bank letter (银行函) proving the account.",
    reviewDueBy: null,
    reviewedAt: now.toISOString(),
  };
}

/** A failed review says why. */
export function checkReview(input: { approve: boolean; reason?: string | null }): void {
  if (!input.approve && !input.reason?.trim()) throw badUserInput("input.reason", "Say why the certification fails.");
}

/** Only a submission under manual review is reviewed. */
export function assertUnderReview(certification: Pick<BusinessCertification, "status">): void {
  if (certification.status !== CertificationStatus.MANUAL_REVIEW)
    throw refuse("not-under-review", `This submission is ${certification.status}, not under manual review.`);
}

/** The review's outcome: approved, or failed with the reviewer's reason. */
export function reviewOutcome(
  input: { approve: boolean; reason?: string | null },
  now: string,
): Pick<BusinessCertification, "status" | "failureReason" | "reviewedAt"> {
  return {
    status: input.approve ? CertificationStatus.APPROVED : CertificationStatus.FAILED,
    failureReason: input.approve ? null : input.reason!.trim(),
    reviewedAt: now,
  };
}
