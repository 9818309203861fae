import type { DataSource } from "typeorm";
import { insertMany } from "../common/database.js";
import { demoCustomers, demoPartners, startOfCycle, type DemoCustomer, type DemoOptions } from "../../common/demo.js";
import { Random } from "../../common/random.js";
import { Association, AssociationSource, AssociationType } from "./entities/association.js";
import { ApprovalKind, ApprovalResult, ApprovalStatus, DecidedBy } from "./entities/approvalResult.js";
import { AssociationSwitchRequest, SwitchRequestStatus } from "./entities/associationSwitchRequest.js";
import { Customer, CustomerType, NewCustomerTag, VerificationStatus } from "./entities/customer.js";
import { CustomerReport } from "./entities/customerReport.js";
import { DissociationRequest, DissociationRequestStatus, DissociationSide } from "./entities/dissociationRequest.js";
import { Invitation, InvitationStatus } from "./entities/invitation.js";
import { MarketingTask } from "./entities/marketingTask.js";
import { Opportunity, OpportunitySource, OpportunityStatus } from "./entities/opportunity.js";
import { ManagerAssignment } from "./entities/managerAssignment.js";

export async function seedCustomers(
  db: DataSource,
  demo: DemoOptions,
  progress: (message: string) => void,
): Promise<void> {
  const all = [...demoCustomers(demo)];
  await db.transaction(async (tx) => {
    await insertMany(
      tx,
      Customer,
      all.map((c) => accountOf(demo, c)),
    );
    await insertMany(
      tx,
      Association,
      all.map((c) =>
        Object.assign(new Association(), {
          id: new Random(`${demo.seed}:association:${c.index}`).uuid(),
          customerId: c.id,
          partnerId: c.partnerId,
          associationType: c.associationType as AssociationType,
          source: c.source as AssociationSource,
          associatedAt: c.associatedAt,
          label: c.label,
          managerId: c.managerId,
          managerAssignedAt: c.managerAssignedAt,
          endedAt: null,
        }),
      ),
    );
    await insertMany(
      tx,
      ManagerAssignment,
      all
        .filter((c) => c.managerId)
        .map((c) =>
          Object.assign(new ManagerAssignment(), {
            id: new Random(`${demo.seed}:assignment:${c.index}`).uuid(),
            partnerId: c.partnerId,
            customerId: c.id,
            managerId: c.managerId!,
            assignedAt: c.managerAssignedAt!,
            endedAt: null,
          }),
        ),
    );
    progress(`customers ${all.length}/${all.length}`);
    const history = decidedSwitches(demo, all);
    await insertMany(tx, AssociationSwitchRequest, history.requests);
    await insertMany(tx, ApprovalResult, history.results);
    const { tasks, reports, opportunities } = partnerWork(demo, all);
    await insertMany(tx, MarketingTask, tasks);
    await insertMany(tx, CustomerReport, reports);
    await insertMany(tx, Opportunity, opportunities);
    const invited = invitationsOf(demo);
    await insertMany(tx, Customer, invited.newcomers);
    await insertMany(tx, Invitation, invited.invitations);
    const dissociations = pendingDissociations(demo, all, history.requests);
    await insertMany(tx, DissociationRequest, dissociations);
    progress(
      `${history.results.length} approval results, ${tasks.length} marketing tasks, ${reports.length} reports, ${opportunities.length} opportunities, ${invited.invitations.length} invitations, ${dissociations.length} pending dissociations`,
    );
  });
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Account facts only this subgraph keeps: contacts, verification, level and the dissociation blockers. */
function accountOf(demo: DemoOptions, c: DemoCustomer): Customer {
  const random = new Random(`${demo.seed}:account:${c.index}`);
  return Object.assign(new Customer(), {
    id: c.id,
    realName: c.realName,
    accountName: c.accountName,
    customerType: c.customerType as CustomerType,
    newCustomerTag: c.newCustomerTag as NewCustomerTag,
    phone: `1${random.pick(["38", "39", "58", "86", "88"])}${String(random.int(0, 99_999_999)).padStart(8, "0")}`,
    email: `${c.accountName.replace(/_/g, ".")}@example.cn`,
    verificationStatus: random.weighted([
      [VerificationStatus.VERIFIED, 80],
      [VerificationStatus.NONE, 12],
      [VerificationStatus.UNDER_REVIEW, 5],
      [VerificationStatus.FAILED, 3],
    ] as const),
    level: `V${random.weighted([
      [0, 30],
      [1, 30],
      [2, 20],
      [3, 12],
      [4, 6],
      [5, 2],
    ] as const)}`,
    frozen: random.chance(0.02),
    enterpriseMembers: c.customerType === "ENTERPRISE" && random.chance(0.04) ? random.int(1, 3) : 0,
    reservedInstancesUntil: random.chance(0.05)
      ? iso(Date.parse("2027-01-01T00:00:00.000Z") + random.int(0, 500) * DAY)
      : null,
  });
}

/** A history of decided switch requests for every partner, all older than the 3-month window. */
function decidedSwitches(
  demo: DemoOptions,
  customers: DemoCustomer[],
): { requests: AssociationSwitchRequest[]; results: ApprovalResult[] } {
  const latest = startOfCycle(demo.until) - 120 * DAY;
  const decided = customers
    .filter(
      (c) =>
        new Random(`${demo.seed}:switch:${c.index}`).chance(0.08) && Date.parse(c.associatedAt) < latest - 30 * DAY,
    )
    .map((c) => {
      const random = new Random(`${demo.seed}:switch-detail:${c.index}`);
      const requestedAt =
        Date.parse(c.associatedAt) + Math.floor(random.next() * (latest - Date.parse(c.associatedAt) - 10 * DAY));
      const status = random.weighted([
        [SwitchRequestStatus.APPROVED, 50],
        [SwitchRequestStatus.REJECTED, 30],
        [SwitchRequestStatus.EXPIRED, 15],
        [SwitchRequestStatus.CANCELLED, 5],
      ] as const);
      const decidedAt =
        status === SwitchRequestStatus.EXPIRED ? requestedAt + 7 * DAY : requestedAt + random.int(1, 6) * DAY;
      // An approved switch led to today's type; any other left it as it is.
      const current = c.associationType as AssociationType;
      const other = current === AssociationType.RESALE ? AssociationType.CONSULTING_SALES : AssociationType.RESALE;
      const request = Object.assign(new AssociationSwitchRequest(), {
        id: random.uuid(),
        customerId: c.id,
        partnerId: c.partnerId,
        associationId: new Random(`${demo.seed}:association:${c.index}`).uuid(),
        fromType: status === SwitchRequestStatus.APPROVED ? other : current,
        targetType: status === SwitchRequestStatus.APPROVED ? current : other,
        reason: random.pick([
          "Consolidate billing under our account",
          "Customer prefers to pay its own bills",
          "Move to resale for invoice management",
        ]),
        status,
        requestedBy: "seed",
        requestedAt: iso(requestedAt),
        expiresAt: iso(requestedAt + 7 * DAY),
        decidedAt: iso(decidedAt),
        comment: status === SwitchRequestStatus.REJECTED ? "We keep paying ourselves for now." : null,
      });
      const decidedBy =
        status === SwitchRequestStatus.EXPIRED
          ? DecidedBy.SYSTEM
          : status === SwitchRequestStatus.CANCELLED
            ? DecidedBy.PARTNER
            : DecidedBy.CUSTOMER;
      const result = Object.assign(new ApprovalResult(), {
        id: random.uuid(),
        partnerId: c.partnerId,
        customerId: c.id,
        managerId: c.managerId && c.managerAssignedAt! <= iso(decidedAt) ? c.managerId : null,
        kind: ApprovalKind.ASSOCIATION_TYPE_SWITCH,
        status: status as unknown as ApprovalStatus,
        requestId: request.id,
        decidedAt: iso(decidedAt),
        decidedBy,
        comment: request.comment,
      });
      return { request, result };
    })
    .sort((a, b) => a.result.decidedAt.localeCompare(b.result.decidedAt));
  return { requests: decided.map((d) => d.request), results: decided.map((d) => d.result) };
}

/** Marketing tasks (two running, two over), open customer reports and opportunities per partner. */
function partnerWork(demo: DemoOptions, customers: DemoCustomer[]) {
  const tasks: MarketingTask[] = [];
  const reports: CustomerReport[] = [];
  const opportunities: Opportunity[] = [];
  const now = startOfCycle(demo.until);
  demoPartners(demo.seed).forEach((partner, p) => {
    const random = new Random(`${demo.seed}:partner-work:${p}`);
    const names = [
      "Migrate on-premises ERP to the cloud",
      "Big-data platform for retail",
      "Security hardening campaign",
      "Summer e-commerce promotion",
    ];
    names.forEach((name, t) => {
      const startsAt = t < 2 ? now - 60 * DAY : now - 400 * DAY;
      tasks.push(
        Object.assign(new MarketingTask(), {
          id: random.uuid(),
          partnerId: partner.id,
          name,
          description: `${name}: find and qualify customers for this campaign.`,
          startsAt: iso(startsAt),
          endsAt: iso(startsAt + (t < 2 ? 400 : 120) * DAY),
        }),
      );
    });
    for (let r = 0; r < 3; r++) {
      reports.push(
        Object.assign(new CustomerReport(), {
          id: random.uuid(),
          partnerId: partner.id,
          accountName: `prospect_p${p + 1}_${r + 1}`,
          reason: "Evaluating a move of its web shop to the cloud",
          reportedBy: "seed",
          reportedAt: iso(Date.now() - (r + 1) * 10 * DAY),
          validUntil: iso(Date.now() + (80 - r * 10) * DAY),
          convertedAt: null,
        }),
      );
    }
    const own = customers.filter((c) => c.partnerId === partner.id && c.managerId).slice(0, 4);
    own.forEach((c, o) => {
      const submitted = o % 2 === 0;
      opportunities.push(
        Object.assign(new Opportunity(), {
          id: random.uuid(),
          partnerId: partner.id,
          source: o === 3 ? OpportunitySource.MARKETING_TASK : OpportunitySource.CUSTOMER,
          customerId: o === 3 ? null : c.id,
          marketingTaskId: o === 3 ? tasks[tasks.length - 4]!.id : null,
          ownerId: c.managerId,
          name: `${c.accountName} expansion`,
          status: submitted ? OpportunityStatus.SUBMITTED : OpportunityStatus.DRAFT,
          expectedAmountFen: submitted ? BigInt(random.int(50_000, 900_000)) * 100n : null,
          products: submitted ? "ECS, RDS, OBS" : null,
          expectedCloseDate: submitted ? "2027-03-31" : null,
          createdBy: "seed",
          createdAt: iso(now - (o + 1) * 7 * DAY),
          submittedAt: submitted ? iso(now - o * 7 * DAY) : null,
        }),
      );
    });
  });
  return { tasks, reports, opportunities };
}

/**
 * Per partner: an account that registered on its own (no partner yet) with the admin's pending
 * invitation, a manager's pending invitation by e-mail to an address with no account yet, and
 * one that expired unanswered.
 */
function invitationsOf(demo: DemoOptions): { newcomers: Customer[]; invitations: Invitation[] } {
  const newcomers: Customer[] = [];
  const invitations: Invitation[] = [];
  const now = Date.now();
  demoPartners(demo.seed).forEach((partner, p) => {
    const random = new Random(`${demo.seed}:invitations:${p}`);
    const newcomer = Object.assign(new Customer(), {
      id: random.uuid(),
      realName: `新客户${p + 1}号科技有限公司`,
      accountName: `newcomer_p${p + 1}`,
      customerType: CustomerType.ENTERPRISE,
      newCustomerTag: NewCustomerTag.YES,
      phone: null,
      email: `newcomer.p${p + 1}@example.cn`,
      verificationStatus: VerificationStatus.VERIFIED,
      level: "V0",
      frozen: false,
      enterpriseMembers: 0,
      reservedInstancesUntil: null,
    });
    newcomers.push(newcomer);
    const manager = partner.staff.find((s) => s.role === "manager")!;
    const invitation = (daysAgo: number, target: Partial<Invitation>, managerId: string | null) =>
      Object.assign(new Invitation(), {
        id: random.uuid(),
        partnerId: partner.id,
        accountName: null,
        email: null,
        ...target,
        message: "We would like to look after your cloud account: lower prices, one invoice, a named manager.",
        code: Array.from({ length: 8 }, () => random.pick([..."ABCDEFGHJKLMNPQRSTUVWXYZ23456789"])).join(""),
        invitedBy: "seed",
        managerId,
        invitedAt: iso(now - daysAgo * DAY),
        expiresAt: iso(now + (7 - daysAgo) * DAY),
        storedStatus: InvitationStatus.PENDING,
        respondedAt: null,
        customerId: null,
      });
    invitations.push(
      invitation(1, { accountName: newcomer.accountName, associationType: AssociationType.CONSULTING_SALES }, null),
      invitation(2, { email: `prospect.p${p + 1}@example.cn`, associationType: AssociationType.RESALE }, manager.id),
      invitation(12, { accountName: `prospect_p${p + 1}_1`, associationType: AssociationType.RESALE }, null),
    );
  });
  return { newcomers, invitations };
}

/**
 * Two pending dissociation requests per partner, one filed by the partner and one by the
 * customer, on the partner's last customers without a blocker or a switch (the first ones are
 * the ones tests pick); their waiting periods end in a few days.
 */
function pendingDissociations(
  demo: DemoOptions,
  customers: DemoCustomer[],
  switches: AssociationSwitchRequest[],
): DissociationRequest[] {
  const switched = new Set(switches.map((r) => r.customerId));
  const now = Date.now();
  return demoPartners(demo.seed).flatMap((partner, p) => {
    const random = new Random(`${demo.seed}:dissociations:${p}`);
    const candidates = customers
      .filter((c) => c.partnerId === partner.id && !switched.has(c.id))
      .filter((c) => {
        const account = accountOf(demo, c);
        return !account.frozen && !account.enterpriseMembers && !account.reservedInstancesUntil;
      })
      .slice(-2);
    return candidates.map((c, i) => {
      const requestedAt = now - (i + 2) * DAY;
      return Object.assign(new DissociationRequest(), {
        id: random.uuid(),
        partnerId: partner.id,
        customerId: c.id,
        associationId: new Random(`${demo.seed}:association:${c.index}`).uuid(),
        filedBy: i === 0 ? DissociationSide.PARTNER : DissociationSide.CUSTOMER,
        requestedBy: "seed",
        reason: i === 0 ? "The service contract ends this month." : "We are moving to our group's own account.",
        status: DissociationRequestStatus.PENDING,
        requestedAt: iso(requestedAt),
        effectiveAt: iso(requestedAt + 7 * DAY),
        decidedAt: null,
        comment: null,
      });
    });
  });
}
