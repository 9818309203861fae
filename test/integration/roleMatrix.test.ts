import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customersOf, partners } from "../helpers/demo.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

type Role = "admin" | "supervisor" | "manager" | "analyst" | "customer" | "platform";
const STAFF: Role[] = ["admin", "supervisor", "manager", "analyst"];
const WRITERS: Role[] = ["admin", "supervisor", "manager"];

/**
 * Every operation of the partners and customers domain with the roles allowed to run it.
 * Inputs point at nothing, so an allowed role gets NOT_FOUND, BAD_USER_INPUT or data, and a
 * denied role FORBIDDEN: roles are checked before anything else is looked at.
 */
const OPERATIONS: [string, string, Role[]][] = [
  ["me", `{ me { role } }`, [...STAFF, "customer", "platform"]],
  ["partner", `{ partner { id } }`, [...STAFF, "customer", "platform"]],
  // `partner` is null for customers and reviewers; the staff-only fields of a partner they can
  // reach (myPartners) are covered in partners.test.ts.
  ["partner.staff", `{ partner { staff { id } } }`, [...STAFF, "customer", "platform"]],
  [
    "partner.programs",
    `{ partner { programs { id } businessCertification { id } capabilityLabelApplications { id } developmentPath { stage } } }`,
    [...STAFF, "customer", "platform"],
  ],
  ["programs", `{ programs { id } }`, STAFF],
  ["capabilityLabels", `{ capabilityLabels { id } }`, STAFF],
  ["pendingBusinessCertifications", `{ pendingBusinessCertifications { id } }`, ["platform"]],
  ["pendingCapabilityLabelApplications", `{ pendingCapabilityLabelApplications { id } }`, ["platform"]],
  ["developmentVerificationCodes", `{ developmentVerificationCodes { code } }`, STAFF],
  ["customers", `{ customers(first: 1) { totalCount } }`, STAFF],
  ["customersPage", `{ customersPage(limit: 1) { totalCount } }`, STAFF],
  ["customer", `{ customer(id: "nothing") { id } }`, [...STAFF, "customer", "platform"]],
  ["approvalResults", `{ approvalResults(first: 1) { totalCount } }`, [...STAFF, "customer"]],
  ["associationSwitchRequests", `{ associationSwitchRequests(first: 1) { totalCount } }`, STAFF],
  ["myPendingAssociationSwitches", `{ myPendingAssociationSwitches { id } }`, ["customer"]],
  ["myPartners", `{ myPartners { active pendingDissociation { id } } }`, ["customer"]],
  ["dissociationRequests", `{ dissociationRequests(first: 1) { totalCount } }`, STAFF],
  ["invitations", `{ invitations(first: 1) { totalCount } }`, STAFF],
  ["myInvitations", `{ myInvitations { id } }`, ["customer"]],
  ["customerReports", `{ customerReports(first: 1) { totalCount } }`, STAFF],
  ["opportunities", `{ opportunities(first: 1) { totalCount } }`, STAFF],
  ["marketingTasks", `{ marketingTasks { id } }`, STAFF],
  ["revealAudits", `{ revealAudits(first: 1) { totalCount } }`, ["admin"]],
  ["incentiveNotices", `{ incentiveNotices(first: 1) { totalCount } }`, ["admin", "supervisor", "analyst"]],
  [
    "consumptionDashboard",
    `{ consumptionDashboard(from: "2026-10-01", to: "2026-10-31") { total { amount } } }`,
    STAFF,
  ],
  ["partner.balances", `{ partner { balances { cash { amount } } } }`, ["admin", "analyst", "customer", "platform"]],
  ["fundTransfers", `{ fundTransfers(first: 1) { totalCount } }`, ["admin", "analyst"]],
  ["fundTransfersPage", `{ fundTransfersPage(limit: 1) { totalCount } }`, ["admin", "analyst"]],
  ["voucherQuotas", `{ voucherQuotas { id } }`, ["admin", "analyst"]],
  ["voucherQuotaApplications", `{ voucherQuotaApplications { id } }`, ["admin", "analyst"]],
  ["pendingVoucherQuotaApplications", `{ pendingVoucherQuotaApplications { id } }`, ["platform"]],
  ["invoices", `{ invoices(cycle: "2026-10", first: 1) { totalCount } }`, ["admin", "analyst"]],
  ["invoicesPage", `{ invoicesPage(cycle: "2026-10", limit: 1) { totalCount } }`, ["admin", "analyst"]],
  ["myInvoices", `{ myInvoices(first: 1) { totalCount } }`, ["customer"]],
  ["prepareInvoices", `mutation { prepareInvoices(cycle: "2026-1") { cycle } }`, ["admin"]],
  ["issueInvoice", `mutation { issueInvoice(invoiceId: "nothing") { id } }`, ["admin"]],
  [
    "applyForVoucherQuota",
    `mutation { applyForVoucherQuota(input: { type: VOUCHER, amount: "0", validity: 12, reason: "x" }) { id } }`,
    ["admin"],
  ],
  [
    "reviewVoucherQuotaApplication",
    `mutation { reviewVoucherQuotaApplication(input: { applicationId: "nothing", approve: true }) { id } }`,
    ["platform"],
  ],
  ["vouchers", `{ vouchers(first: 1) { totalCount } }`, [...STAFF, "customer"]],
  ["vouchersPage", `{ vouchersPage(limit: 1) { totalCount } }`, [...STAFF, "customer"]],
  ["marketplaceProducts", `{ marketplaceProducts { id } }`, STAFF],
  [
    "allocateFunds",
    `mutation { allocateFunds(input: { customerId: "nothing", amount: "1.005", idempotencyKey: "k" }) { id } }`,
    ["admin"],
  ],
  [
    "recoverFunds",
    `mutation { recoverFunds(input: { customerId: "nothing", amount: "1.005", idempotencyKey: "k" }) { id } }`,
    ["admin"],
  ],
  [
    "issueVouchers",
    `mutation { issueVouchers(input: { customerIds: [], faceValue: "1.00", purchaseScope: ["ECS"], validUntil: "2030-01-01T00:00:00Z", idempotencyKey: "k" }) { issued { id } } }`,
    ["admin"],
  ],
  [
    "issueVoucher",
    `mutation { issueVoucher(input: { customerId: "nothing", faceValue: "1.005", purchaseScope: ["ECS"], validUntil: "2030-01-01T00:00:00Z", idempotencyKey: "k" }) { id } }`,
    ["admin"],
  ],
  ["reclaimVoucher", `mutation { reclaimVoucher(voucherId: "nothing", idempotencyKey: "k") { id } }`, ["admin"]],
  [
    "redeemVoucher",
    `mutation { redeemVoucher(input: { voucherId: "nothing", orderId: "o", orderAmount: "1.005", productType: "ECS", idempotencyKey: "k" }) { id } }`,
    ["customer"],
  ],
  [
    "setCustomerDiscount",
    `mutation { setCustomerDiscount(input: { customerId: "nothing", rate: "0.5" }) { rate } }`,
    ["admin"],
  ],
  ["setProductDiscount", `mutation { setProductDiscount(productId: "nothing", rate: "0.1") { id } }`, ["admin"]],
  ["incentiveNoticesPage", `{ incentiveNoticesPage(limit: 1) { totalCount } }`, ["admin", "supervisor", "analyst"]],
  ["incentivePolicies", `{ incentivePolicies { id } incentiveTaxRates { id } }`, ["admin", "supervisor", "analyst"]],
  [
    "partner.incentives",
    `{ partner { incentives { paid { amount } } performance(period: "2026-09") { closed } } }`,
    ["admin", "supervisor", "analyst", "customer", "platform"],
  ],
  ["claimIncentive", `mutation { claimIncentive(noticeId: "nothing", payoutMethod: BANK_TRANSFER) { id } }`, ["admin"]],
  [
    "submitIncentiveInvoice",
    `mutation { submitIncentiveInvoice(input: { noticeId: "nothing", invoiceNumber: "x", invoiceAmount: "1.005", settlementPeriod: "2026-01", paymentRequisitionNumber: "y" }) { id } }`,
    ["admin"],
  ],
  ["recordIncentivePayout", `mutation { recordIncentivePayout(noticeId: "nothing") { id } }`, ["platform"]],
  ["joinProgram", `mutation { joinProgram(programId: "nothing") { id } }`, ["admin"]],
  [
    "submitBusinessCertification",
    `mutation { submitBusinessCertification(input: { companyName: "x", bankName: "x", bankAccount: "bad", accountHolder: "x" }) { id } }`,
    ["admin"],
  ],
  [
    "reviewBusinessCertification",
    `mutation { reviewBusinessCertification(input: { certificationId: "nothing", approve: true }) { id } }`,
    ["platform"],
  ],
  ["applyForCapabilityLabel", `mutation { applyForCapabilityLabel(labelId: "nothing") { id } }`, ["admin"]],
  [
    "reviewCapabilityLabel",
    `mutation { reviewCapabilityLabel(input: { applicationId: "nothing", approve: true }) { id } }`,
    ["platform"],
  ],
  ["exitDevelopmentPath", `mutation { exitDevelopmentPath(reason: "") { active } }`, ["admin"]],
  ["setVerificationCodes", `mutation { setVerificationCodes(enabled: false) { id } }`, ["admin"]],
  ["sendVerificationCode", `mutation { sendVerificationCode(action: DISSOCIATE_CUSTOMER) { id } }`, WRITERS],
  [
    "createCustomer",
    `mutation { createCustomer(input: { accountName: "1bad", realName: "x", customerType: INDIVIDUAL }) { id } }`,
    ["admin", "manager"],
  ],
  [
    "requestAssociationTypeSwitch",
    `mutation { requestAssociationTypeSwitch(input: { customerId: "nothing", targetType: RESALE, reason: "x" }) { id } }`,
    WRITERS,
  ],
  ["cancelAssociationTypeSwitch", `mutation { cancelAssociationTypeSwitch(requestId: "nothing") { id } }`, WRITERS],
  [
    "respondToAssociationSwitch",
    `mutation { respondToAssociationSwitch(input: { requestId: "nothing", approve: true }) { id } }`,
    ["customer"],
  ],
  [
    "dissociateCustomer",
    `mutation { dissociateCustomer(input: { customerId: "nothing", reason: "x" }) { id } }`,
    ["admin"],
  ],
  [
    "requestDissociation",
    `mutation { requestDissociation(input: { partnerId: "nothing", reason: "x" }) { active } }`,
    ["customer"],
  ],
  [
    "requestCustomerDissociation",
    `mutation { requestCustomerDissociation(input: { customerId: "nothing", reason: "x" }) { id } }`,
    ["admin"],
  ],
  [
    "cancelDissociationRequest",
    `mutation { cancelDissociationRequest(requestId: "nothing") { id } }`,
    ["admin", "customer"],
  ],
  [
    "assignCustomerManager",
    `mutation { assignCustomerManager(input: { customerId: "nothing", managerId: "nothing" }) { id } }`,
    ["admin", "supervisor"],
  ],
  ["reportCustomer", `mutation { reportCustomer(input: { accountName: "1bad", reason: "x" }) { id } }`, WRITERS],
  [
    "inviteCustomer",
    `mutation { inviteCustomer(input: { accountName: "1bad", associationType: RESALE }) { id } }`,
    ["admin", "manager"],
  ],
  [
    "respondToInvitation",
    `mutation { respondToInvitation(input: { invitationId: "nothing", accept: true }) { id } }`,
    ["customer"],
  ],
  [
    "createOpportunity",
    `mutation { createOpportunity(input: { source: CUSTOMER, customerId: "nothing", name: "x" }) { id } }`,
    WRITERS,
  ],
  [
    "submitOpportunity",
    `mutation { submitOpportunity(input: { opportunityId: "nothing", expectedAmount: "1.005", products: "x", expectedCloseDate: "2030-01-01" }) { id } }`,
    WRITERS,
  ],
];

const DENIED = new Set(["FORBIDDEN", "UNAUTHENTICATED"]);

const actors = partners
  .slice(0, 2)
  .flatMap((partner) => [
    ...STAFF.map((role) => ({ label: `${role} of ${partner.name}`, role, request: { role, partner: partner.id } })),
  ]);
actors.push({
  label: "customer",
  role: "customer",
  request: { role: "customer", customer: customersOf(partners[0]!)[0]!.id } as never,
});
actors.push({ label: "platform reviewer", role: "platform", request: { role: "platform" } as never });

describe("roles", () => {
  it.each(OPERATIONS)("%s is allowed to exactly its roles", async (_, document, allowed) => {
    for (const actor of actors) {
      const { errors } = await graph.query(document, { as: actor.request });
      const denied = (errors ?? []).some((e) => DENIED.has(e.extensions?.code));
      expect({ actor: actor.label, denied }).toEqual({
        actor: actor.label,
        denied: !allowed.includes(actor.role as Role),
      });
      for (const error of errors ?? [])
        expect(error.extensions?.code, `${actor.label}: ${error.message}`).not.toBe("INTERNAL_SERVER_ERROR");
    }
  });
});
