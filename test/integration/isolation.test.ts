import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TokenRequest } from "../../gateway/devTokens.js";
import { customersOf, partners } from "../helpers/demo.js";
import { startGraph, type GraphQLResponse, type TestGraph } from "../helpers/graph.js";
import { settle, subscribe, type Subscriber } from "../helpers/subscriber.js";

/**
 * The isolation matrix: every query, mutation and subscription of the graph, run as every role
 * of two partners and as a customer of each, with inputs that point at the *other* partner's
 * real records. Each answer must be allowed or denied as the roles say, must never carry an id
 * of the other partner (except ids the request itself sent), and the other partner's data must
 * be exactly as before.
 */

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

type Role = "admin" | "supervisor" | "manager" | "analyst" | "customer";
const STAFF: Role[] = ["admin", "supervisor", "manager", "analyst"];
const WRITERS: Role[] = ["admin", "supervisor", "manager"];
const INCENTIVE_READERS: Role[] = ["admin", "supervisor", "analyst"];
const FUNDS: Role[] = ["admin", "analyst"];

/** A partner's records as its admin sees them: real ids for the other side's requests. */
interface World {
  partnerId: string;
  customerId: string;
  customerAccountName: string;
  staffId: string;
  voucherId: string;
  quotaId: string;
  noticeId: string;
  switchRequestId: string;
  dissociationRequestId: string;
  invitationId: string;
  quotaApplicationId: string;
  /** A draft invoice to one of its resale customers. */
  invoiceId: string;
  opportunityId: string;
  approvalCursor: string;
  /** Every id its admin can reach. */
  ids: Set<string>;
  /** Everything its admin can read: compared before and after the other side's run. */
  snapshot: string;
}

const WINDOW = `from: "2026-05-01", to: "2026-10-31"`;

/** [root field, document, roles allowed; variables from the other partner's world and our own]. */
type Row = [string, string, Role[], ((other: World, own: World) => Record<string, unknown>)?];

const ROWS: Row[] = [
  // Queries: each lists everything (with nested ids) and, where it can, asks for the other's records by id.
  ["me", `{ me { subject partnerId partner { id } staff { id } customer { id } } }`, [...STAFF, "customer"]],
  [
    "partner",
    `{ partner { id staff { id customers(first: 100) { edges { node { id } } } } programs { id } businessCertification { id } businessCertificationHistory { id bankLetter { id } } capabilityLabelApplications { id partner { id } } } }`,
    [...STAFF, "customer"],
  ],
  [
    "consumptionDashboard",
    `{ consumptionDashboard(${WINDOW}) { total { amount } byPayer { payer amount { amount } } topCustomers(limit: 100) { customer { id } } } }`,
    STAFF,
  ],
  // A link to the caller's own records (what the link downloads is the consumption test's).
  ["consumptionExportUrl", `{ consumptionExportUrl(${WINDOW}) }`, STAFF],
  ["marketplaceProducts", `{ marketplaceProducts { id customerPrice { amount } } }`, STAFF],
  [
    "fundTransfers",
    `query($c: ID) { all: fundTransfers(first: 100) { edges { node { id customer { id } } } } theirs: fundTransfers(first: 100, filter: { customerId: $c }) { totalCount edges { node { id } } } }`,
    FUNDS,
    (o) => ({ c: o.customerId }),
  ],
  [
    "fundTransfersPage",
    `query($c: ID) { all: fundTransfersPage(limit: 100) { items { id customer { id } } } theirs: fundTransfersPage(limit: 100, filter: { customerId: $c }) { totalCount items { id } } }`,
    FUNDS,
    (o) => ({ c: o.customerId }),
  ],
  ["voucherQuotas", `{ voucherQuotas { id balance { amount } } }`, FUNDS],
  ["voucherQuotaApplications", `{ voucherQuotaApplications { id partner { id } quota { id } } }`, FUNDS],
  [
    "invoices",
    `{ invoices(cycle: "2026-10", first: 100) { totalCount edges { node { id customer { id } } } } }`,
    FUNDS,
  ],
  ["invoicesPage", `{ invoicesPage(cycle: "2026-09", limit: 100) { totalCount items { id customer { id } } } }`, FUNDS],
  ["myInvoices", `{ myInvoices(first: 100) { edges { node { id customer { id } } } } }`, ["customer"]],
  ["pendingVoucherQuotaApplications", `{ pendingVoucherQuotaApplications { id partner { id } } }`, []],
  [
    "vouchers",
    `query($c: ID) { all: vouchers(first: 100) { edges { node { id quota { id } customer { id } operations { id voucherId } } } } theirs: vouchers(first: 100, filter: { customerId: $c }) { totalCount edges { node { id } } } }`,
    [...STAFF, "customer"],
    (o) => ({ c: o.customerId }),
  ],
  [
    "vouchersPage",
    `query($c: ID) { all: vouchersPage(limit: 100) { items { id customer { id } } } theirs: vouchersPage(limit: 100, filter: { customerId: $c }) { totalCount items { id } } }`,
    [...STAFF, "customer"],
    (o) => ({ c: o.customerId }),
  ],
  [
    "approvalResults",
    `query($after: String) { all: approvalResults(first: 100) { edges { cursor node { id requestId customer { id } } } } after: approvalResults(first: 100, after: $after) { edges { node { id customer { id } } } } }`,
    [...STAFF, "customer"],
    (o) => ({ after: o.approvalCursor }),
  ],
  [
    "customers",
    `query($m: ID) { all: customers(first: 100) { edges { node { id manager { id } managerHistory { manager { id } } } } } theirs: customers(first: 100, filter: { managerId: $m }) { totalCount edges { node { id } } } }`,
    STAFF,
    (o) => ({ m: o.staffId }),
  ],
  [
    "customersPage",
    `query($name: String) { all: customersPage(limit: 100) { items { id manager { id } } } theirs: customersPage(limit: 100, filter: { accountName: $name }) { totalCount items { id } } }`,
    STAFF,
    (o) => ({ name: o.customerAccountName }),
  ],
  [
    "customer",
    `query($c: ID!) { customer(id: $c) { id manager { id } pendingDissociation { id } balance { amount } vouchers(first: 10) { edges { node { id } } } consumptionRecords(first: 10, ${WINDOW}) { edges { node { id customerId } } } } }`,
    [...STAFF, "customer"],
    (o) => ({ c: o.customerId }),
  ],
  [
    "associationSwitchRequests",
    `{ associationSwitchRequests(first: 100) { edges { node { id customer { id } } } } }`,
    STAFF,
  ],
  ["myPendingAssociationSwitches", `{ myPendingAssociationSwitches { id customer { id } } }`, ["customer"]],
  ["myPartners", `{ myPartners { partner { id } active pendingDissociation { id partner { id } } } }`, ["customer"]],
  ["dissociationRequests", `{ dissociationRequests(first: 100) { edges { node { id partner { id } } } } }`, STAFF],
  [
    "invitations",
    `{ invitations(first: 100) { edges { node { id invitee partner { id } customer { id } } } } }`,
    STAFF,
  ],
  ["myInvitations", `{ myInvitations { id partner { id } customer { id } } }`, ["customer"]],
  [
    "opportunities",
    `{ opportunities(first: 100) { edges { node { id customer { id } marketingTask { id } } } } }`,
    STAFF,
  ],
  ["marketingTasks", `{ marketingTasks { id } }`, STAFF],
  ["customerReports", `{ customerReports(first: 100) { edges { node { id accountName } } } }`, STAFF],
  ["revealAudits", `{ revealAudits(first: 100) { edges { node { id staffId customerId } } } }`, ["admin"]],
  [
    "incentiveNotices",
    `{ incentiveNotices(first: 100) { edges { node { id noticeAmount { amount } } } } }`,
    INCENTIVE_READERS,
  ],
  ["incentiveNoticesPage", `{ incentiveNoticesPage(limit: 100) { items { id } } }`, INCENTIVE_READERS],
  ["incentivePolicies", `{ incentivePolicies { id } }`, INCENTIVE_READERS],
  ["incentiveTaxRates", `{ incentiveTaxRates { id } }`, INCENTIVE_READERS],
  ["pendingBusinessCertifications", `{ pendingBusinessCertifications { id partner { id } } }`, []],
  ["capabilityLabels", `{ capabilityLabels { id } }`, STAFF],
  ["pendingCapabilityLabelApplications", `{ pendingCapabilityLabelApplications { id partner { id } } }`, []],
  ["programs", `{ programs { id benefits { id } } }`, STAFF],
  ["developmentVerificationCodes", `{ developmentVerificationCodes { code } }`, STAFF],

  // Mutations aimed at the other partner's records: an allowed role gets NOT_FOUND or a refusal, never an effect.
  [
    "setCustomerDiscount",
    `mutation($c: ID!) { setCustomerDiscount(input: { customerId: $c, rate: "0.9" }) { rate } }`,
    ["admin"],
    (o) => ({ c: o.customerId }),
  ],
  [
    "setProductDiscount",
    `mutation { setProductDiscount(productId: "no-such-product", rate: "0.1") { id } }`,
    ["admin"],
  ],
  [
    "allocateFunds",
    `mutation($c: ID!) { allocateFunds(input: { customerId: $c, amount: "1.00", idempotencyKey: "iso-allocate" }) { id customer { id } } }`,
    ["admin"],
    (o) => ({ c: o.customerId }),
  ],
  [
    "recoverFunds",
    `mutation($c: ID!) { recoverFunds(input: { customerId: $c, amount: "1.00", idempotencyKey: "iso-recover" }) { id } }`,
    ["admin"],
    (o) => ({ c: o.customerId }),
  ],
  [
    "redeemVoucher",
    `mutation($v: ID!) { redeemVoucher(input: { voucherId: $v, orderId: "iso-order", orderAmount: "1.00", productType: "ECS", chargingMode: ON_DEMAND, idempotencyKey: "iso-redeem" }) { id voucher { id } } }`,
    ["customer"],
    (o) => ({ v: o.voucherId }),
  ],
  [
    "issueVouchers",
    `mutation($c: ID!, $q: ID) { issueVouchers(input: { customerIds: [$c], quotaId: $q, faceValue: "1.00", purchaseScope: ["ECS"], validUntil: "2030-01-01T00:00:00Z", newCustomer: false, idempotencyKey: "iso-issue-many" }) { issued { id } failures { customerId code } } }`,
    ["admin"],
    (o) => ({ c: o.customerId, q: o.quotaId }),
  ],
  [
    "issueVoucher",
    `mutation($c: ID!) { issueVoucher(input: { customerId: $c, faceValue: "1.00", purchaseScope: ["ECS"], validUntil: "2030-01-01T00:00:00Z", newCustomer: false, idempotencyKey: "iso-issue" }) { id } }`,
    ["admin"],
    (o) => ({ c: o.customerId }),
  ],
  [
    "reclaimVoucher",
    `mutation($v: ID!) { reclaimVoucher(voucherId: $v, idempotencyKey: "iso-reclaim") { id } }`,
    ["admin"],
    (o) => ({ v: o.voucherId }),
  ],
  [
    "assignCustomerManager",
    `mutation($c: ID!, $m: ID) { theirs: assignCustomerManager(input: { customerId: $c, managerId: $m }) { id } }`,
    ["admin", "supervisor"],
    (o) => ({ c: o.customerId, m: o.staffId }),
  ],
  [
    "assignCustomerManager (their manager to my customer)",
    `mutation($c: ID!, $m: ID) { assignCustomerManager(input: { customerId: $c, managerId: $m }) { id manager { id } } }`,
    ["admin", "supervisor"],
    (o, own) => ({ c: own.customerId, m: o.staffId }),
  ],
  [
    "requestAssociationTypeSwitch",
    `mutation($c: ID!) { requestAssociationTypeSwitch(input: { customerId: $c, targetType: RESALE, reason: "isolation" }) { id } }`,
    WRITERS,
    (o) => ({ c: o.customerId }),
  ],
  [
    "cancelAssociationTypeSwitch",
    `mutation($r: ID!) { cancelAssociationTypeSwitch(requestId: $r) { id } }`,
    WRITERS,
    (o) => ({ r: o.switchRequestId }),
  ],
  [
    "respondToAssociationSwitch",
    `mutation($r: ID!) { respondToAssociationSwitch(input: { requestId: $r, approve: true }) { id } }`,
    ["customer"],
    (o) => ({ r: o.switchRequestId }),
  ],
  [
    "dissociateCustomer",
    `mutation($c: ID!) { dissociateCustomer(input: { customerId: $c, reason: "isolation" }) { id } }`,
    ["admin"],
    (o) => ({ c: o.customerId }),
  ],
  [
    "requestCustomerDissociation",
    `mutation($c: ID!) { requestCustomerDissociation(input: { customerId: $c, reason: "isolation" }) { id partner { id } } }`,
    ["admin"],
    (o) => ({ c: o.customerId }),
  ],
  [
    "cancelDissociationRequest",
    `mutation($r: ID!) { cancelDissociationRequest(requestId: $r, comment: "isolation") { id status } }`,
    ["admin", "customer"],
    (o) => ({ r: o.dissociationRequestId }),
  ],
  [
    "requestDissociation",
    `mutation($p: ID!) { requestDissociation(input: { partnerId: $p, reason: "isolation" }) { partner { id } active } }`,
    ["customer"],
    (o) => ({ p: o.partnerId }),
  ],
  [
    "createCustomer",
    `mutation { createCustomer(input: { accountName: "1bad", realName: "x", customerType: INDIVIDUAL, source: INVITATION }) { id } }`,
    ["admin", "manager"],
  ],
  [
    "applyForVoucherQuota",
    `mutation { applyForVoucherQuota(input: { type: VOUCHER, amount: "0", validity: 12, reason: "isolation" }) { id } }`,
    ["admin"],
  ],
  [
    "reviewVoucherQuotaApplication",
    `mutation($q: ID!) { reviewVoucherQuotaApplication(input: { applicationId: $q, approve: true }) { id quota { id } } }`,
    [],
    (o) => ({ q: o.quotaApplicationId }),
  ],
  ["prepareInvoices", `mutation { prepareInvoices(cycle: "2026-10") { cycle drafts issued } }`, ["admin"]],
  [
    "issueInvoice",
    `mutation($i: ID!) { issueInvoice(invoiceId: $i) { id status customer { id } } }`,
    ["admin"],
    (o) => ({ i: o.invoiceId }),
  ],
  [
    "inviteCustomer",
    `mutation($name: String) { inviteCustomer(input: { accountName: $name, associationType: RESALE }) { id customer { id } } }`,
    ["admin", "manager"],
    (o) => ({ name: o.customerAccountName }),
  ],
  [
    "respondToInvitation",
    `mutation($i: ID!) { respondToInvitation(input: { invitationId: $i, accept: true }) { id customer { id } } }`,
    ["customer"],
    (o) => ({ i: o.invitationId }),
  ],
  [
    "createOpportunity",
    `mutation($c: ID) { createOpportunity(input: { source: CUSTOMER, customerId: $c, name: "isolation" }) { id customer { id } } }`,
    WRITERS,
    (o) => ({ c: o.customerId }),
  ],
  [
    "submitOpportunity",
    `mutation($o: ID!) { submitOpportunity(input: { opportunityId: $o, expectedAmount: "1.00", products: "ECS", expectedCloseDate: "2030-01-01" }) { id } }`,
    WRITERS,
    (o) => ({ o: o.opportunityId }),
  ],
  [
    "reportCustomer",
    `mutation($name: String!) { reportCustomer(input: { accountName: $name, reason: "isolation" }) { id accountName } }`,
    WRITERS,
    (o) => ({ name: o.customerAccountName }),
  ],
  [
    "claimIncentive",
    `mutation($n: ID!) { claimIncentive(noticeId: $n, payoutMethod: BANK_TRANSFER) { id } }`,
    ["admin"],
    (o) => ({ n: o.noticeId }),
  ],
  [
    "submitIncentiveInvoice",
    `mutation($n: ID!) { submitIncentiveInvoice(input: { noticeId: $n, invoiceNumber: "x", invoiceAmount: "1.00", settlementPeriod: "2026-01", paymentRequisitionNumber: "y" }) { id } }`,
    ["admin"],
    (o) => ({ n: o.noticeId }),
  ],
  [
    "recordIncentivePayout",
    `mutation($n: ID!) { recordIncentivePayout(noticeId: $n) { id } }`,
    [],
    (o) => ({ n: o.noticeId }),
  ],
  [
    "submitBusinessCertification",
    `mutation { submitBusinessCertification(input: { companyName: "x", bankName: "x", bankAccount: "bad", accountHolder: "x" }) { id } }`,
    ["admin"],
  ],
  [
    "reviewBusinessCertification",
    `mutation { reviewBusinessCertification(input: { certificationId: "nothing", approve: true }) { id partner { id } } }`,
    [],
  ],
  ["applyForCapabilityLabel", `mutation { applyForCapabilityLabel(labelId: "nothing") { id } }`, ["admin"]],
  [
    "reviewCapabilityLabel",
    `mutation { reviewCapabilityLabel(input: { applicationId: "nothing", approve: true }) { id partner { id } } }`,
    [],
  ],
  ["exitDevelopmentPath", `mutation { exitDevelopmentPath(reason: "") { active } }`, ["admin"]],
  ["joinProgram", `mutation { joinProgram(programId: "nothing") { id } }`, ["admin"]],
  ["setVerificationCodes", `mutation { setVerificationCodes(enabled: false) { id } }`, ["admin"]],
  ["sendVerificationCode", `mutation { sendVerificationCode(action: DISSOCIATE_CUSTOMER) { id } }`, WRITERS],
];

const SUBSCRIPTION = `subscription($after: String) { approvalResults(after: $after) { id requestId cursor customer { id manager { id } } } }`;

const DENIED = new Set(["FORBIDDEN", "UNAUTHENTICATED"]);
/** What an allowed role may hear when it aims at another partner's record. */
const REFUSED = new Set(["NOT_FOUND", "BAD_USER_INPUT", "PRECONDITION_FAILED", "CONFLICT", "RATE_LIMITED"]);

const [a, b] = partners as [(typeof partners)[0], (typeof partners)[0]];

/** Walks a connection to its end, as `as` sees it. */
async function everything(
  field: string,
  selection: string,
  as: TokenRequest,
): Promise<{ cursor: string; node: Record<string, any> }[]> {
  const edges = [];
  let after: string | null = null;
  for (;;) {
    const response: GraphQLResponse = await graph.query(
      `query($after: String) { list: ${field}(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { cursor node { ${selection} } } } }`,
      { as, variables: { after } },
    );
    if (response.errors) throw new Error(`${field}: ${JSON.stringify(response.errors)}`);
    edges.push(...response.data!.list.edges);
    if (!response.data!.list.pageInfo.hasNextPage) return edges;
    after = response.data!.list.pageInfo.endCursor;
  }
}

function idsIn(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => idsIn(v, into));
  else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (typeof v === "string" && (key === "id" || key.endsWith("Id"))) into.add(v);
      else idsIn(v, into);
    }
  }
  return into;
}

/** Everything a partner's admin can read, and its ids. */
async function worldOf(partner: (typeof partners)[0]): Promise<World> {
  const as = { role: "admin", partner: partner.id };
  const home = await graph.query(
    `{ partner { id balances { cash { amount } allocatable { amount } } staff { id role supervisor { id } } programs { id } businessCertification { id status } businessCertificationHistory { id } capabilityLabelApplications { id status } developmentPath { stage } verificationCodesEnabled }
       voucherQuotas { id balance { amount } status }
       voucherQuotaApplications { id status quota { id } }
       drafts: invoices(cycle: "2026-10", first: 100) { totalCount edges { node { id status amount { amount } customer { id } } } }
       issued: invoices(cycle: "2026-09", first: 100) { totalCount edges { node { id status amount { amount } customer { id } } } }
       consumptionDashboard(${WINDOW}) { total { amount } byPayer { payer amount { amount } } } }`,
    { as },
  );
  if (home.errors) throw new Error(JSON.stringify(home.errors));
  const lists = {
    customers: await everything(
      "customers",
      "id accountName(reveal: false) associationType manager { id } balance { amount } allocatedFunds { amount } discount { rate } dissociatedAt",
      as,
    ),
    vouchers: await everything(
      "vouchers",
      "id status balance { amount } quota { id } customer { id } operations { id }",
      as,
    ),
    fundTransfers: await everything("fundTransfers", "id amount { amount } customer { id }", as),
    approvalResults: await everything("approvalResults", "id requestId status customer { id }", as),
    switchRequests: await everything("associationSwitchRequests", "id status customer { id }", as),
    dissociationRequests: await everything("dissociationRequests", "id status filedBy effectiveAt partner { id }", as),
    invitations: await everything("invitations", "id status invitee customer { id }", as),
    opportunities: await everything("opportunities", "id status customer { id }", as),
    reports: await everything("customerReports", "id accountName", as),
    audits: await everything("revealAudits", "id staffId customerId", as),
    notices: await everything("incentiveNotices", "id status", as),
  };
  const data = { ...home.data, ...lists };
  const pending = lists.switchRequests.find((e) => e.node.status === "PENDING") ?? lists.switchRequests[0];
  const own = customersOf(partner);
  const customer = own.find((c) => lists.customers.some((e) => e.node.id === c.id && !e.node.dissociatedAt))!;
  return {
    partnerId: partner.id,
    customerId: customer.id,
    customerAccountName: customer.accountName,
    staffId: home.data!.partner.staff.find((s: { role: string }) => s.role === "MANAGER").id,
    voucherId: lists.vouchers[0]!.node.id,
    quotaId: home.data!.voucherQuotas[0].id,
    noticeId: lists.notices[0]!.node.id,
    switchRequestId: pending!.node.id,
    dissociationRequestId: lists.dissociationRequests[0]!.node.id,
    invitationId: lists.invitations[0]!.node.id,
    quotaApplicationId: home.data!.voucherQuotaApplications[0].id,
    invoiceId: home.data!.drafts.edges[0].node.id,
    opportunityId: lists.opportunities[0]!.node.id,
    approvalCursor: lists.approvalResults[0]!.cursor,
    ids: new Set([...idsIn(data), ...own.map((c) => c.id), partner.id, ...partner.staff.map((s) => s.id)]),
    snapshot: JSON.stringify(data),
  };
}

/** The roles of one partner, and a customer of it whose only partner it is. */
function actorsOf(partner: (typeof partners)[0], world: World): { label: string; role: Role; request: TokenRequest }[] {
  return [
    ...STAFF.map((role) => ({ label: `${role} of ${partner.name}`, role, request: { role, partner: partner.id } })),
    {
      label: `customer of ${partner.name}`,
      role: "customer" as Role,
      request: { role: "customer", customer: world.customerId },
    },
  ];
}

function leaks(response: unknown, other: World, sent: unknown): string[] {
  const text = JSON.stringify(response);
  const request = JSON.stringify(sent ?? {});
  return [...other.ids].filter((id) => text.includes(id) && !request.includes(id));
}

describe("tenant isolation matrix", () => {
  let worldA: World;
  let worldB: World;
  /** Ids both partners' admins see (programs, labels, policies, products): not private to either. */
  beforeAll(async () => {
    worldA = await worldOf(a);
    worldB = await worldOf(b);
    const shared = [...worldA.ids].filter((id) => worldB.ids.has(id));
    for (const id of shared) {
      worldA.ids.delete(id);
      worldB.ids.delete(id);
    }
  });

  it("covers every query, mutation and subscription of the graph", async () => {
    const { data } = await graph.query(
      `{ __schema { queryType { fields { name } } mutationType { fields(includeDeprecated: true) { name } } subscriptionType { fields { name } } } }`,
      { as: { role: "admin" } },
    );
    const fields = [...data!.__schema.queryType.fields, ...data!.__schema.mutationType.fields]
      .map((f: { name: string }) => f.name)
      .sort();
    expect([...new Set(ROWS.map(([name]) => name.split(" ")[0]))].sort()).toEqual(fields);
    expect(data!.__schema.subscriptionType.fields.map((f: { name: string }) => f.name)).toEqual(["approvalResults"]);
    expect(worldA.ids.size).toBeGreaterThan(200);
    expect(worldB.ids.size).toBeGreaterThan(200);
  });

  for (const [direction, own, other] of [
    ["A aims at B", () => worldA, () => worldB],
    ["B aims at A", () => worldB, () => worldA],
  ] as const) {
    it(`${direction}: every operation as every role; allowed or denied as documented, no id of the other, nothing of the other changed`, async () => {
      const partner = own().partnerId === a.id ? a : b;
      const before = (await worldOf(partner === a ? b : a)).snapshot;
      const failures: string[] = [];
      for (const actor of actorsOf(partner, own())) {
        for (const [name, document, allowed, variablesOf] of ROWS) {
          const variables = variablesOf?.(other(), own());
          const response = await graph.query(document, { as: actor.request, variables });
          const codes = (response.errors ?? []).map((e) => e.extensions?.code as string);
          const denied = codes.some((code) => DENIED.has(code));
          const where = `${name} as ${actor.label}`;
          if (denied !== !allowed.includes(actor.role))
            failures.push(`${where}: ${denied ? "denied" : "allowed"} (${JSON.stringify(response.errors)})`);
          if (codes.includes("INTERNAL_SERVER_ERROR"))
            failures.push(`${where}: internal error ${JSON.stringify(response.errors)}`);
          const leaked = leaks(response, other(), variables);
          if (leaked.length)
            failures.push(
              `${where}: the other partner's ids ${leaked.join(", ")} in ${JSON.stringify(response).slice(0, 300)}`,
            );
          // Aimed at the other's record: an allowed role is refused, never served.
          if (
            !denied &&
            document.startsWith("mutation") &&
            variables &&
            Object.values(variables).some((v) => other().ids.has(v as string))
          ) {
            const refused =
              codes.some((code) => REFUSED.has(code)) ||
              (name === "issueVouchers" && response.data?.issueVouchers.issued.length === 0);
            if (!refused) failures.push(`${where}: not refused: ${JSON.stringify(response)}`);
          }
        }
      }
      expect(failures).toEqual([]);
      const after = await worldOf(partner === a ? b : a);
      expect(JSON.parse(after.snapshot)).toEqual(JSON.parse(before));
    });
  }

  it("streams approval results of the subscriber's own partner only, live and replayed from the other's cursor", async () => {
    const subscribers: { label: string; partner: World; subscriber: Subscriber }[] = [];
    try {
      for (const world of [worldA, worldB]) {
        const partner = world.partnerId === a.id ? a : b;
        for (const actor of actorsOf(partner, world)) {
          const other = world === worldA ? worldB : worldA;
          for (const variables of [{}, { after: other.approvalCursor }]) {
            subscribers.push({
              label: `${actor.label} ${JSON.stringify(variables)}`,
              partner: world,
              subscriber: subscribe(graph.webSocketUrl, await graph.token(actor.request), SUBSCRIPTION, variables),
            });
          }
        }
      }
      await settle();
      // One decision on each side: a switch request its customer rejects.
      for (const world of [worldA, worldB]) {
        const partner = world.partnerId === a.id ? a : b;
        const customer = customersOf(partner).find(
          (c) => c.id !== world.customerId && c.associationType === "RESALE" && world.snapshot.includes(c.id),
        )!;
        const request = await graph.query(
          `mutation($c: ID!) { requestAssociationTypeSwitch(input: { customerId: $c, targetType: CONSULTING_SALES, reason: "isolation" }) { id } }`,
          { as: { role: "admin", partner: partner.id }, variables: { c: customer.id } },
        );
        expect(request.errors).toBeUndefined();
        const decided = await graph.query(
          `mutation($r: ID!) { respondToAssociationSwitch(input: { requestId: $r, approve: false }) { status } }`,
          {
            as: { role: "customer", customer: customer.id },
            variables: { r: request.data!.requestAssociationTypeSwitch.id },
          },
        );
        expect(decided.errors).toBeUndefined();
      }
      // Admins see every decision of their partner: wait for theirs, then give the rest time to (wrongly) arrive.
      for (const { label, subscriber } of subscribers)
        if (label.startsWith("admin") && label.endsWith("{}")) await subscriber.received(1);
      await settle(500);
      for (const { label, partner, subscriber } of subscribers) {
        const other = partner === worldA ? worldB : worldA;
        expect(subscriber.errors, label).toEqual([]);
        expect(leaks(subscriber.events, other, { after: other.approvalCursor }), label).toEqual([]);
      }
      // Replaying from the other partner's cursor delivered history, all of it the subscriber's own.
      const replayed = subscribers.filter(({ label }) => label.startsWith("admin") && label.includes("after"));
      for (const { subscriber } of replayed) expect(subscriber.events.length).toBeGreaterThan(1);
    } finally {
      for (const { subscriber } of subscribers) await subscriber.close();
    }
  });
});
