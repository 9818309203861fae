import { describe, expect, it } from "vitest";
import {
  assertMayApply,
  assertUnderReview as assertLabelUnderReview,
  reviewDueBy,
  reviewOutcome as labelOutcome,
} from "../../subgraphs/partners/capabilityLabels.js";
import {
  assertMaySubmit,
  assertUnderReview,
  checkReview,
  checkSubmission,
  decodeDocument,
  matchesSupplier,
  reviewOutcome,
  submissionOutcome,
} from "../../subgraphs/partners/certifications.js";
import { assertMayExit, checkExitReason } from "../../subgraphs/partners/developmentPath.js";
import { CertificationStatus } from "../../subgraphs/partners/entities/businessCertification.js";
import { ReviewStatus } from "../../subgraphs/partners/entities/capabilityLabelApplication.js";
import { PartnerType } from "../../subgraphs/partners/entities/partner.js";
import {
  addMonths,
  assertMayJoin,
  assertNotMember,
  benefitValidUntil,
  certificateOf,
} from "../../subgraphs/partners/programs.js";
import { refusal, ruleOf } from "../helpers/refusal.js";

// A Monday.
const NOW = new Date("2026-11-30T12:00:00.000Z");
const bank = { bankName: "ICBC", bankAccount: "6222020200112233", accountHolder: "Acme Ltd" };

describe("submitting business information", () => {
  it.each([
    ["never submitted", null, null],
    ["after an approval", CertificationStatus.APPROVED, null],
    ["after a failure (resubmission)", CertificationStatus.FAILED, null],
    ["while a bank letter is under manual review", CertificationStatus.MANUAL_REVIEW, "review-in-progress"],
  ])("%s: %s", (_, status, rule) => {
    const latest = status && { status, reviewDueBy: "2026-12-07T12:00:00.000Z" };
    expect(ruleOf(() => assertMaySubmit(latest))).toBe(rule);
  });

  it.each([
    ["an account of 7 digits", { bankAccount: "1234567" }, "input.bankAccount"],
    ["an account with letters", { bankAccount: "12345678a" }, "input.bankAccount"],
    ["a blank company name", { companyName: "  " }, "input.companyName"],
    ["a bank name over 200 characters", { bankName: "B".repeat(201) }, "input.bankName"],
  ])("refuses %s", (_, change, argument) => {
    const submission = { companyName: "Acme", ...bank, ...change };
    expect(refusal(() => checkSubmission(submission))).toMatchObject({ code: "BAD_USER_INPUT", argument });
  });

  it("matches the supplier records only on all three bank details", () => {
    expect(matchesSupplier(bank, bank)).toBe(true);
    expect(matchesSupplier(bank, { ...bank, accountHolder: "Acme Limited" })).toBe(false);
    expect(matchesSupplier(null, bank)).toBe(false);
  });

  it("certifies matching details at once", () => {
    expect(submissionOutcome(true, false, NOW)).toEqual({
      status: CertificationStatus.APPROVED,
      failureReason: null,
      reviewDueBy: null,
      reviewedAt: NOW.toISOString(),
    });
  });

  it("sends other details with a bank letter to a manual review due in 5 working days", () => {
    expect(submissionOutcome(false, true, NOW)).toEqual({
      status: CertificationStatus.MANUAL_REVIEW,
      failureReason: null,
      reviewDueBy: "2026-12-07T12:00:00.000Z",
      reviewedAt: null,
    });
  });

  it("fails other details without a bank letter, asking for one", () => {
    const outcome = submissionOutcome(false, false, NOW);
    expect(outcome).toMatchObject({ status: CertificationStatus.FAILED, reviewedAt: NOW.toISOString() });
    expect(outcome.failureReason).toMatch(/bank letter \(银行函\)/);
  });

  it("takes a bank letter of a known type, in base64, up to 5 MB", () => {
    const letter = { fileName: "bank-letter.pdf", contentType: "application/pdf", contentBase64: "JVBERi0=" };
    expect(decodeDocument(letter, "p1", NOW)).toMatchObject({
      partnerId: "p1",
      size: 5,
      uploadedAt: NOW.toISOString(),
    });
    expect(refusal(() => decodeDocument({ ...letter, contentType: "text/plain" }, "p1"))).toMatchObject({
      argument: "input.bankLetter.contentType",
    });
    expect(refusal(() => decodeDocument({ ...letter, contentBase64: "not base64!" }, "p1"))).toMatchObject({
      argument: "input.bankLetter.contentBase64",
    });
  });
});

describe("reviewing business information", () => {
  it.each([
    [CertificationStatus.MANUAL_REVIEW, null],
    [CertificationStatus.APPROVED, "not-under-review"],
    [CertificationStatus.FAILED, "not-under-review"],
  ])("a submission %s: %s", (status, rule) => {
    expect(ruleOf(() => assertUnderReview({ status }))).toBe(rule);
  });

  it("needs a reason to fail a submission, and keeps it trimmed", () => {
    expect(ruleOf(() => checkReview({ approve: true }))).toBeNull();
    expect(ruleOf(() => checkReview({ approve: false, reason: " " }))).toBe("BAD_USER_INPUT");
    expect(reviewOutcome({ approve: false, reason: " blurred " }, "t")).toEqual({
      status: CertificationStatus.FAILED,
      failureReason: "blurred",
      reviewedAt: "t",
    });
    expect(reviewOutcome({ approve: true, reason: "fine" }, "t").failureReason).toBeNull();
  });
});

describe("capability labels", () => {
  const label = { name: "Cloud migration", reviewWorkingDays: 3 };
  it.each([
    ["never applied", [], null],
    ["after a rejection", [ReviewStatus.REJECTED], null],
    ["while one is under review", [ReviewStatus.REJECTED, ReviewStatus.UNDER_REVIEW], "label-already-applied"],
    ["once approved", [ReviewStatus.APPROVED], "label-already-applied"],
  ])("applying %s: %s", (_, statuses, rule) => {
    expect(
      ruleOf(() =>
        assertMayApply(
          label,
          statuses.map((status) => ({ status })),
        ),
      ),
    ).toBe(rule);
  });

  it("says whether the earlier application is approved or under review", () => {
    expect(() => assertMayApply(label, [{ status: ReviewStatus.APPROVED }])).toThrow(/already approved/);
    expect(() => assertMayApply(label, [{ status: ReviewStatus.UNDER_REVIEW }])).toThrow(/still under review/);
  });

  it("is reviewed within the label's working days, skipping the weekend", () => {
    expect(reviewDueBy(label, new Date("2026-12-03T09:00:00.000Z"))).toBe("2026-12-08T09:00:00.000Z");
  });

  it("decides only an application under review", () => {
    expect(ruleOf(() => assertLabelUnderReview({ status: ReviewStatus.UNDER_REVIEW }))).toBeNull();
    expect(ruleOf(() => assertLabelUnderReview({ status: ReviewStatus.REJECTED }))).toBe("not-under-review");
    expect(labelOutcome({ approve: false }, "t")).toEqual({
      status: ReviewStatus.REJECTED,
      comment: null,
      reviewedAt: "t",
    });
  });
});

describe("the development path", () => {
  it.each([
    ["on the path", { exitedAt: null }, null],
    ["not on the path", null, "not-on-development-path"],
    ["already exited", { exitedAt: "2026-01-01T00:00:00.000Z" }, "already-exited"],
  ])("exiting %s: %s", (_, path, rule) => {
    expect(ruleOf(() => assertMayExit(path))).toBe(rule);
  });

  it("takes a reason of 1 to 500 characters, trimmed", () => {
    expect(checkExitReason(" focus elsewhere ")).toBe("focus elsewhere");
    expect(ruleOf(() => checkExitReason(" "))).toBe("BAD_USER_INPUT");
    expect(ruleOf(() => checkExitReason("x".repeat(501)))).toBe("BAD_USER_INPUT");
  });
});

describe("programs", () => {
  const forResellers = { name: "Reseller program", partnerType: PartnerType.RESELLER };
  it.each([
    ["a program for every partner type", { ...forResellers, partnerType: null }, PartnerType.SOLUTION_PROVIDER, null],
    ["a program for its type", forResellers, PartnerType.RESELLER, null],
    ["a program for another type", forResellers, PartnerType.SOLUTION_PROVIDER, "program-partner-type"],
  ])("joining %s: %s", (_, program, type, rule) => {
    expect(ruleOf(() => assertMayJoin(program, { type }))).toBe(rule);
  });

  it("are joined once", () => {
    expect(ruleOf(() => assertNotMember(forResellers, false))).toBeNull();
    expect(ruleOf(() => assertNotMember(forResellers, true))).toBe("already-a-member");
  });

  it("issue a numbered certificate valid for the program's months", () => {
    expect(certificateOf({ code: "COEXP", validityMonths: 12 }, NOW, 42)).toEqual({
      certificateNumber: "PC-2026-COEXP-000042",
      validUntil: "2027-11-30T12:00:00.000Z",
    });
    expect(addMonths(new Date("2026-01-31T08:30:00.000Z"), 1).toISOString()).toBe("2026-03-03T08:30:00.000Z");
  });

  it("grant benefits for their days", () => {
    expect(benefitValidUntil({ validityDays: 30 }, NOW)).toBe("2026-12-30T12:00:00.000Z");
  });
});
