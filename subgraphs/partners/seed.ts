import type { DataSource } from "typeorm";
import { insertMany } from "../common/database.js";
import { demoPartners, type DemoOptions } from "../../common/demo.js";
import { Random } from "../../common/random.js";
import { BenefitGrant } from "./entities/benefitGrant.js";
import { BusinessCertification, CertificationStatus } from "./entities/businessCertification.js";
import { CapabilityLabel } from "./entities/capabilityLabel.js";
import { CapabilityLabelApplication, ReviewStatus } from "./entities/capabilityLabelApplication.js";
import { DevelopmentPath, DevelopmentStage } from "./entities/developmentPath.js";
import { Partner, PartnerType, TaxpayerType } from "./entities/partner.js";
import { Program, ProgramKind } from "./entities/program.js";
import { ProgramBenefit } from "./entities/programBenefit.js";
import { ProgramMembership } from "./entities/programMembership.js";
import { Staff, StaffRole } from "./entities/staff.js";
import { SupplierRecord } from "./entities/supplierRecord.js";
import { addWorkingDays } from "./workingDays.js";

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

const PROGRAMS = [
  {
    code: "SOLUTION",
    name: "Solution Partner Program",
    description: "Build and deliver industry solutions on the cloud; earns solution certification and joint marketing.",
    kind: ProgramKind.PARTNER_PROGRAM,
    partnerType: null,
    validityMonths: 12,
  },
  {
    code: "MARKETPLACE",
    name: "Marketplace Reseller Program (严选商城)",
    description: "Resell marketplace products and set product discounts for your customers.",
    kind: ProgramKind.PARTNER_PROGRAM,
    partnerType: PartnerType.RESELLER,
    validityMonths: 12,
  },
  {
    code: "MSP",
    name: "Managed Service Provider Program",
    description: "Operate customers' cloud workloads under service-level agreements.",
    kind: ProgramKind.PARTNER_PROGRAM,
    partnerType: null,
    validityMonths: 24,
  },
  {
    code: "CO-EXPANSION",
    name: "Co-expansion Program (共拓计划)",
    description: "Expand the market together with the platform; joining grants benefits.",
    kind: ProgramKind.CO_EXPANSION,
    partnerType: null,
    validityMonths: 12,
  },
];
const BENEFITS = [
  {
    program: "CO-EXPANSION",
    name: "Marketing development fund",
    description: "Up to 50,000 yuan of co-funded marketing activities per year.",
    validityDays: 365,
  },
  {
    program: "CO-EXPANSION",
    name: "New-customer voucher quota",
    description: "A quota of new-customer vouchers (拉新券) to issue to customers.",
    validityDays: 180,
  },
  {
    program: "CO-EXPANSION",
    name: "Pre-sales architect support",
    description: "Platform architects join pre-sales for qualifying opportunities.",
    validityDays: 365,
  },
  {
    program: "MSP",
    name: "Operations tooling licence",
    description: "Licences for the managed-service operations console.",
    validityDays: 730,
  },
];
const LABELS = [
  { code: "MIGRATION", name: "Cloud migration", reviewWorkingDays: 10 },
  { code: "BIGDATA", name: "Big data", reviewWorkingDays: 15 },
  { code: "AI", name: "AI development", reviewWorkingDays: 15 },
  { code: "SECURITY", name: "Cloud security", reviewWorkingDays: 10 },
  { code: "DATABASE", name: "Database", reviewWorkingDays: 10 },
];
const BANKS = ["中国工商银行", "招商银行", "中国建设银行"];

export async function seedPartners(
  db: DataSource,
  demo: DemoOptions,
  progress: (message: string) => void,
): Promise<void> {
  const partners = demoPartners(demo.seed);
  const catalogue = new Random(`${demo.seed}:catalogue`);
  const programs = PROGRAMS.map((p) => Object.assign(new Program(), { id: catalogue.uuid(), ...p }));
  const benefits = BENEFITS.map(({ program, ...b }) =>
    Object.assign(new ProgramBenefit(), {
      id: catalogue.uuid(),
      programId: programs.find((p) => p.code === program)!.id,
      ...b,
    }),
  );
  const labels = LABELS.map((l) => Object.assign(new CapabilityLabel(), { id: catalogue.uuid(), ...l }));
  const memberships: ProgramMembership[] = [];
  const grants: BenefitGrant[] = [];
  const suppliers: SupplierRecord[] = [];
  const certifications: BusinessCertification[] = [];
  const applications: CapabilityLabelApplication[] = [];
  const paths: DevelopmentPath[] = [];

  partners.forEach((partner, p) => {
    const random = new Random(`${demo.seed}:partner-programs:${p}`);
    const joined = Date.parse(partner.joinedAt);
    // Every partner joined the solution program; the first two also others, the first the co-expansion program.
    const joins = programs.filter(
      (program) =>
        program.code === "SOLUTION" ||
        (p === 0 && program.partnerType !== PartnerType.SOLUTION_PROVIDER) ||
        (p === 1 && program.code === "MSP"),
    );
    for (const program of joins.filter((program) => !program.partnerType || program.partnerType === partner.type)) {
      const joinedAt = joined + random.int(30, 400) * DAY;
      const membership = Object.assign(new ProgramMembership(), {
        id: random.uuid(),
        partnerId: partner.id,
        programId: program.id,
        joinedAt: iso(joinedAt),
        certificateNumber: `PC-${new Date(joinedAt).getUTCFullYear()}-${program.code}-${String(random.int(0, 999_999)).padStart(6, "0")}`,
        validUntil: iso(Date.parse("2027-06-30T00:00:00.000Z") + random.int(0, 300) * DAY),
      });
      memberships.push(membership);
      for (const benefit of benefits.filter((b) => b.programId === program.id)) {
        grants.push(
          Object.assign(new BenefitGrant(), {
            id: random.uuid(),
            partnerId: partner.id,
            membershipId: membership.id,
            benefitId: benefit.id,
            grantedAt: membership.joinedAt,
            validUntil: iso(joinedAt + benefit.validityDays * DAY),
          }),
        );
      }
    }
    const account = String(random.int(10_000_000, 99_999_999)) + String(random.int(10_000_000, 99_999_999));
    const bankName = random.pick(BANKS);
    suppliers.push(
      Object.assign(new SupplierRecord(), {
        partnerId: partner.id,
        bankName,
        bankAccount: account,
        accountHolder: partner.name,
      }),
    );
    const submittedAt = joined + 20 * DAY;
    // The first partner is certified; the second failed on a changed bank account and must resubmit with a bank letter.
    if (p < 2) {
      certifications.push(
        Object.assign(new BusinessCertification(), {
          id: random.uuid(),
          partnerId: partner.id,
          status: p === 0 ? CertificationStatus.APPROVED : CertificationStatus.FAILED,
          companyName: partner.name,
          bankName,
          bankAccount: p === 0 ? account : `6222${account.slice(4)}`,
          accountHolder: partner.name,
          failureReason:
            p === 0
              ? null
              : "The bank details differ from the supplier records. Resubmit with a bank letter (银行函) proving the account.",
          bankLetterId: null,
          submittedAt: iso(submittedAt),
          reviewDueBy: null,
          reviewedAt: iso(submittedAt),
        }),
      );
    }
    labels.slice(0, 3 - p).forEach((label, l) => {
      const appliedAt = Date.parse("2026-10-01T02:00:00.000Z") - (l + p) * 60 * DAY;
      const status = l === 0 ? ReviewStatus.UNDER_REVIEW : l === 1 ? ReviewStatus.APPROVED : ReviewStatus.REJECTED;
      applications.push(
        Object.assign(new CapabilityLabelApplication(), {
          id: random.uuid(),
          partnerId: partner.id,
          labelId: label.id,
          status,
          appliedAt: iso(appliedAt),
          reviewDueBy: addWorkingDays(new Date(appliedAt), label.reviewWorkingDays).toISOString(),
          reviewedAt: status === ReviewStatus.UNDER_REVIEW ? null : iso(appliedAt + 9 * DAY),
          comment:
            status === ReviewStatus.REJECTED ? "Provide two more customer references for this capability." : null,
        }),
      );
    });
    paths.push(
      Object.assign(new DevelopmentPath(), {
        partnerId: partner.id,
        stage: [DevelopmentStage.PREMIER, DevelopmentStage.CERTIFIED, DevelopmentStage.REGISTERED][p],
        stageSince: iso(joined + 300 * DAY),
        exitedAt: null,
        exitReason: null,
      }),
    );
  });

  await db.transaction(async (tx) => {
    await insertMany(
      tx,
      Partner,
      partners.map((p) =>
        Object.assign(new Partner(), {
          id: p.id,
          name: p.name,
          type: p.type as PartnerType,
          taxpayerType: p.taxpayerType as TaxpayerType,
          verificationCodesEnabled: false,
          joinedAt: p.joinedAt,
        }),
      ),
    );
    const staff = partners.flatMap((p) => p.staff);
    await insertMany(
      tx,
      Staff,
      staff.map((s) =>
        Object.assign(new Staff(), {
          id: s.id,
          partnerId: s.partnerId,
          name: s.name,
          email: s.email,
          role: s.role.toUpperCase() as StaffRole,
          supervisorId: s.supervisorId,
        }),
      ),
    );
    for (const [entity, rows] of [
      [Program, programs],
      [ProgramBenefit, benefits],
      [ProgramMembership, memberships],
      [BenefitGrant, grants],
      [SupplierRecord, suppliers],
      [BusinessCertification, certifications],
      [CapabilityLabel, labels],
      [CapabilityLabelApplication, applications],
      [DevelopmentPath, paths],
    ] as const) {
      await insertMany(tx, entity as never, rows as never);
    }
    progress(
      `${partners.length} partners, ${staff.length} staff, ${memberships.length} program memberships, ${applications.length} capability-label applications`,
    );
  });
}
