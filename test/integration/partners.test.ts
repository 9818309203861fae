import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customersOf, partners, staffOf } from "../helpers/demo.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const [a, b, c] = partners as [(typeof partners)[0], (typeof partners)[0], (typeof partners)[0]];
const adminOf = (partner: { id: string }) => ({ role: "admin", partner: partner.id });
const platform = { token: "" };

describe("partner profile and staff", () => {
  it("shows type, taxpayer identity, settings and who reports to whom", async () => {
    const { data } = await graph.query(
      `{ partner { id type taxpayerType verificationCodesEnabled staff(role: SUPERVISOR) { id reports { id role } } } }`,
      { as: adminOf(a) },
    );
    expect(data!.partner).toMatchObject({
      id: a.id,
      type: "RESELLER",
      taxpayerType: "GENERAL",
      verificationCodesEnabled: false,
    });
    for (const supervisor of data!.partner.staff) {
      const expected = a.staff
        .filter((s) => s.supervisorId === supervisor.id)
        .map((s) => s.id)
        .sort();
      expect(supervisor.reports.map((r: { id: string }) => r.id).sort()).toEqual(expected);
      expect(supervisor.reports.every((r: { role: string }) => r.role === "MANAGER")).toBe(true);
    }
  });

  it("shows a customer its partners' public profile only", async () => {
    const customer = customersOf(b)[0]!;
    const { data } = await graph.query(`{ myPartners { partner { id name type } active } }`, {
      as: { role: "customer", customer: customer.id },
    });
    expect(data!.myPartners).toEqual([{ partner: { id: b.id, name: b.name, type: b.type }, active: true }]);
    const hidden = await graph.query(`{ myPartners { partner { taxpayerType } } }`, {
      as: { role: "customer", customer: customer.id },
    });
    expect(hidden.errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });
});

describe("programs and certificates", () => {
  it("lists the programs joined, with details and a certificate that downloads as a PDF", async () => {
    const { data } = await graph.query(
      `{ partner { programs { id certificateNumber joinedAt validUntil certificateUrl program { name kind } } } }`,
      { as: adminOf(a) },
    );
    const memberships = data!.partner.programs;
    expect(memberships.length).toBeGreaterThanOrEqual(2);
    const certificate = memberships[0];
    // A link a browser can open as it is: no Authorization header.
    expect(certificate.certificateUrl).toMatch(
      new RegExp(`^${graph.gateway.url}/certificates/${certificate.id}\\.pdf\\?`),
    );
    const response = await fetch(certificate.certificateUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toContain(certificate.certificateNumber);
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.length).toBeGreaterThan(2000);
    expect(pdf.toString("latin1")).toContain("NotoSansSC");

    // The path alone needs a token, and another partner's token finds nothing there.
    const path = `${graph.gateway.url}/certificates/${certificate.id}.pdf`;
    expect((await fetch(path)).status).toBe(401);
    const foreign = await fetch(path, { headers: { authorization: `Bearer ${await graph.token(adminOf(b))}` } });
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      "NOT_FOUND",
    );
    // Nor can a link made for one certificate open another.
    const other = certificate.certificateUrl.replace(certificate.id, memberships[1].id);
    expect((await fetch(other)).status).toBe(403);
  });

  it("lets an admin join the co-expansion program, which grants its benefits, once", async () => {
    const catalogue = await graph.query(`{ programs { id code kind partnerType benefits { name } } }`, {
      as: adminOf(b),
    });
    const coExpansion = catalogue.data!.programs.find((p: { kind: string }) => p.kind === "CO_EXPANSION");
    const { data, errors } = await graph.query(
      `mutation { joinProgram(programId: "${coExpansion.id}") { program { code } certificateNumber benefits { benefit { name } validUntil } } }`,
      { as: adminOf(b) },
    );
    expect(errors).toBeUndefined();
    expect(data!.joinProgram.certificateNumber).toMatch(/^PC-\d{4}-CO-EXPANSION-\d{6}$/);
    expect(data!.joinProgram.benefits.map((g: { benefit: { name: string } }) => g.benefit.name).sort()).toEqual(
      coExpansion.benefits.map((x: { name: string }) => x.name).sort(),
    );
    const again = await graph.query(`mutation { joinProgram(programId: "${coExpansion.id}") { id } }`, {
      as: adminOf(b),
    });
    expect(again.errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "already-a-member" });
    const marketplace = catalogue.data!.programs.find((p: { code: string }) => p.code === "MARKETPLACE");
    const notReseller = await graph.query(`mutation { joinProgram(programId: "${marketplace.id}") { id } }`, {
      as: adminOf(b),
    });
    expect(notReseller.errors![0]!.extensions).toMatchObject({
      code: "PRECONDITION_FAILED",
      rule: "program-partner-type",
    });
    const analyst = await graph.query(`mutation { joinProgram(programId: "${marketplace.id}") { id } }`, {
      as: { role: "analyst", partner: c.id },
    });
    expect(analyst.errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });
});

describe("business-information certification", () => {
  const SUBMIT = `mutation($input: BusinessCertificationInput!) { submitBusinessCertification(input: $input) { id status failureReason reviewDueBy submittedAt bankAccountMasked bankLetter { sha256 size contentType } } }`;
  const letter = Buffer.from("%PDF-1.4 bank letter of the partner's account");

  it("fails on bank details that differ from the supplier records, goes to manual review with a bank letter, and is approved by the platform", async () => {
    const seeded = await graph.query(`{ partner { businessCertification { status failureReason } } }`, {
      as: adminOf(b),
    });
    expect(seeded.data!.partner.businessCertification).toMatchObject({
      status: "FAILED",
      failureReason: expect.stringContaining("bank letter"),
    });
    const input = { companyName: b.name, bankName: "招商银行", bankAccount: "6225880011223344", accountHolder: b.name };
    const failed = await graph.query(SUBMIT, { as: adminOf(b), variables: { input } });
    expect(failed.data!.submitBusinessCertification).toMatchObject({
      status: "FAILED",
      bankAccountMasked: "************3344",
      reviewDueBy: null,
    });

    const withLetter = await graph.query(SUBMIT, {
      as: adminOf(b),
      variables: {
        input: {
          ...input,
          bankLetter: {
            fileName: "letter.pdf",
            contentType: "application/pdf",
            contentBase64: letter.toString("base64"),
          },
        },
      },
    });
    const certification = withLetter.data!.submitBusinessCertification;
    expect(certification).toMatchObject({
      status: "MANUAL_REVIEW",
      bankLetter: {
        sha256: createHash("sha256").update(letter).digest("hex"),
        size: letter.length,
        contentType: "application/pdf",
      },
    });
    const due = new Date(certification.reviewDueBy);
    expect((due.getTime() - Date.parse(certification.submittedAt)) / 86_400_000).toBeGreaterThanOrEqual(5);
    expect([0, 6]).not.toContain(due.getUTCDay());

    const busy = await graph.query(SUBMIT, { as: adminOf(b), variables: { input } });
    expect(busy.errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "review-in-progress" });
    const notPlatform = await graph.query(
      `mutation { reviewBusinessCertification(input: { certificationId: "${certification.id}", approve: true }) { status } }`,
      { as: adminOf(b) },
    );
    expect(notPlatform.errors![0]!.extensions!.code).toBe("FORBIDDEN");

    platform.token = await graph.token({ role: "platform" });
    const queue = await graph.query(`{ pendingBusinessCertifications { id partner { id name } } }`, {
      token: platform.token,
    });
    expect(queue.data!.pendingBusinessCertifications).toContainEqual({
      id: certification.id,
      partner: { id: b.id, name: b.name },
    });
    const reviewed = await graph.query(
      `mutation { reviewBusinessCertification(input: { certificationId: "${certification.id}", approve: true }) { status reviewedAt } }`,
      { token: platform.token },
    );
    expect(reviewed.data!.reviewBusinessCertification.status).toBe("APPROVED");
    // The approved account is now the supplier record: the same details certify at once.
    const again = await graph.query(SUBMIT, { as: adminOf(b), variables: { input } });
    expect(again.data!.submitBusinessCertification.status).toBe("APPROVED");
  });

  it.each([
    [{ bankAccount: "12ab" }, "input.bankAccount"],
    [
      { bankLetter: { fileName: "x.exe", contentType: "application/x-msdownload", contentBase64: "AAAA" } },
      "input.bankLetter.contentType",
    ],
    [
      { bankLetter: { fileName: "x.pdf", contentType: "application/pdf", contentBase64: "not base64!" } },
      "input.bankLetter.contentBase64",
    ],
  ])("refuses bad input %j naming %s", async (change, argument) => {
    const input = {
      companyName: c.name,
      bankName: "招商银行",
      bankAccount: "6225880011223344",
      accountHolder: c.name,
      ...change,
    };
    const { errors } = await graph.query(SUBMIT, { as: adminOf(c), variables: { input } });
    expect(errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument });
  });
});

describe("capability labels and the development path", () => {
  it("applies for a label with a review deadline, and the platform decides", async () => {
    const labels = (
      await graph.query(
        `{ capabilityLabels { id code reviewWorkingDays } partner { capabilityLabelApplications { label { id } status overdue } } }`,
        { as: adminOf(a) },
      )
    ).data!;
    const applied = new Set(
      labels.partner.capabilityLabelApplications.map((x: { label: { id: string } }) => x.label.id),
    );
    expect(
      labels.partner.capabilityLabelApplications.find((x: { status: string }) => x.status === "UNDER_REVIEW")?.overdue,
    ).toBe(true);
    const label = labels.capabilityLabels.find((l: { id: string }) => !applied.has(l.id));
    const { data } = await graph.query(
      `mutation { applyForCapabilityLabel(labelId: "${label.id}") { id status appliedAt reviewDueBy overdue } }`,
      { as: adminOf(a) },
    );
    const application = data!.applyForCapabilityLabel;
    expect(application).toMatchObject({ status: "UNDER_REVIEW", overdue: false });
    expect(Date.parse(application.reviewDueBy) - Date.parse(application.appliedAt)).toBeGreaterThanOrEqual(
      label.reviewWorkingDays * 86_400_000,
    );
    const twice = await graph.query(`mutation { applyForCapabilityLabel(labelId: "${label.id}") { id } }`, {
      as: adminOf(a),
    });
    expect(twice.errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "label-already-applied" });
    const token = await graph.token({ role: "platform" });
    const reviewed = await graph.query(
      `mutation { reviewCapabilityLabel(input: { applicationId: "${application.id}", approve: false, comment: "More references" }) { status comment } }`,
      { token },
    );
    expect(reviewed.data!.reviewCapabilityLabel).toEqual({ status: "REJECTED", comment: "More references" });
    expect(
      (await graph.query(`mutation { applyForCapabilityLabel(labelId: "${label.id}") { status } }`, { as: adminOf(a) }))
        .data!.applyForCapabilityLabel.status,
    ).toBe("UNDER_REVIEW");
  });

  it("shows the development stage and lets the admin exit once", async () => {
    const path = await graph.query(`{ partner { developmentPath { stage active exitedAt } } }`, { as: adminOf(c) });
    expect(path.data!.partner.developmentPath).toEqual({ stage: "REGISTERED", active: true, exitedAt: null });
    const exited = await graph.query(
      `mutation { exitDevelopmentPath(reason: "Focus on resale") { active exitedAt exitReason } }`,
      { as: adminOf(c) },
    );
    expect(exited.data!.exitDevelopmentPath).toMatchObject({ active: false, exitReason: "Focus on resale" });
    const again = await graph.query(`mutation { exitDevelopmentPath(reason: "x") { active } }`, { as: adminOf(c) });
    expect(again.errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "already-exited" });
    const manager = await graph.query(`mutation { exitDevelopmentPath(reason: "x") { active } }`, {
      as: { role: "manager", partner: a.id, staff: staffOf(a, "manager")[0]!.id },
    });
    expect(manager.errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });
});
