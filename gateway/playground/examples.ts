/**
 * The playground's saved operations: an analyst's everyday questions, each runnable as it
 * is (the demo data covers 2024-11 to 2026-10). `role` says which token to pick for it.
 */
export interface PlaygroundExample {
  title: string;
  role: "admin" | "supervisor" | "manager" | "analyst" | "customer";
  query: string;
  variables?: Record<string, unknown>;
}

export const PLAYGROUND_EXAMPLES: PlaygroundExample[] = [
  {
    title: "ConsumptionByMonth",
    role: "analyst",
    query: `# Consumption of all my partner's customers, by month and by service, for 12 months.
# Consumption is for viewing only: it is not the partner's bill.
query ConsumptionByMonth($from: Date!, $to: Date!) {
  consumptionDashboard(from: $from, to: $to) {
    wholePartner
    total { amount currency }
    byMonth { billCycle amount { amount } }
    byServiceType { serviceType amount { amount } }
  }
}`,
    variables: { from: "2025-11-01", to: "2026-10-31" },
  },
  {
    title: "TopCustomers",
    role: "analyst",
    query: `# The customers who consumed most in a quarter, with their managers (names stay masked for analysts).
query TopCustomers($from: Date!, $to: Date!) {
  consumptionDashboard(from: $from, to: $to) {
    topCustomers(limit: 10) {
      total { amount }
      customer { name accountName associationType manager { name } }
    }
  }
}`,
    variables: { from: "2026-08-01", to: "2026-10-31" },
  },
  {
    title: "ManagerDashboard",
    role: "manager",
    query: `# Pick a customer manager's token: their dashboard counts each customer from its assignment.
query ManagerDashboard($from: Date!, $to: Date!) {
  me { role staff { name supervisor { name } } }
  customers(first: 5) { totalCount edges { node { name managerAssignedAt } } }
  consumptionDashboard(from: $from, to: $to) {
    wholePartner
    total { amount }
    byMonth { billCycle amount { amount } }
  }
}`,
    variables: { from: "2026-01-01", to: "2026-10-31" },
  },
  {
    title: "VoucherUsage",
    role: "analyst",
    query: `# What is left of my partner's voucher quotas, and how issued vouchers were used.
query VoucherUsage {
  voucherQuotas { type value { amount } balance { amount } serviceTypes expiresAt status }
  vouchersPage(limit: 20) {
    totalCount
    items {
      status faceValue { amount } balance { amount } purchaseScope validUntil newCustomer
      customer { name }
      operations { kind amount { amount } createdAt }
    }
  }
}`,
  },
  {
    title: "IncentivesByPeriod",
    role: "analyst",
    query: `# Incentive notices by reconciliation period: notice, tax-exclusive and invoice amounts.
query IncentivesByPeriod($period: String!) {
  partner {
    incentives { claimable { amount } claimed { amount } paid { amount } expired { amount } nextClaimDeadline }
    performance(period: $period) { consumption { amount } eligibleConsumption { amount } estimatedIncentive { amount } }
  }
  incentiveNoticesPage(limit: 12) {
    totalCount
    items { period noticeAmount { amount } taxExclusiveAmount { amount } invoiceAmount { amount } invoiceAmountBasis status claimDeadline }
  }
}`,
    variables: { period: "2026-09" },
  },
  {
    title: "WalkByCursor",
    role: "analyst",
    query: `# A page of customers by cursor: copy pageInfo.endCursor into the variable "after" for the next page.
query WalkByCursor($after: String) {
  customers(first: 10, after: $after, orderBy: { field: ASSOCIATED_AT, direction: DESC }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { name associationType associatedAt } }
  }
}`,
    variables: { after: null },
  },
  {
    title: "WalkByOffset",
    role: "analyst",
    query: `# The same list by offset and limit, as the original API pages it: offset counts from the first match.
query WalkByOffset($offset: Int!) {
  customersPage(offset: $offset, limit: 10, orderBy: { field: ASSOCIATED_AT, direction: DESC }) {
    totalCount offset limit
    items { name associationType associatedAt }
  }
}`,
    variables: { offset: 10 },
  },
  {
    title: "Invitations",
    role: "admin",
    query: `# The invitations my partner sent, newest first: whom (masked), in which type, where each stands.
# inviteCustomer sends one; the customer accepts or declines it in its account center (respondToInvitation).
query Invitations {
  invitations(first: 10) {
    totalCount
    edges { node { invitee associationType status code invitedAt expiresAt customer { name associatedAt } } }
  }
}`,
  },
  {
    title: "WhoPays",
    role: "analyst",
    query: `# Who paid my partner's customers' consumption: the customers, or my partner on consulting-sales
# customers' behalf (my partner's own spend); and what resale customers paid from.
query WhoPays($from: Date!, $to: Date!) {
  consumptionDashboard(from: $from, to: $to) {
    total { amount }
    byPayer { payer amount { amount } }
  }
  customers(first: 3, filter: { associationType: RESALE }) {
    edges { node { name allocatedFunds { amount } consumptionRecords(first: 3, from: $from, to: $to) { edges { node { tradeTime amount { amount } payer fundingSource } } } } }
  }
}`,
    variables: { from: "2026-10-01", to: "2026-10-31" },
  },
  {
    title: "ResaleInvoices",
    role: "admin",
    query: `# The invoices my partner issues its resale customers for a bill cycle: each equals the customer's resale
# consumption in the cycle, VAT (6%) included. prepareInvoices(cycle:) drafts an ended cycle's invoices;
# issueInvoice(invoiceId:) issues a draft, which then never changes.
query ResaleInvoices($cycle: String!) {
  invoices(cycle: $cycle, first: 10, status: DRAFT) {
    totalCount
    edges { node { id status customer { name } amount { amount } tax { amount } amountExcludingTax { amount } } }
  }
}`,
    variables: { cycle: "2026-10" },
  },
  {
    title: "DissociationRequests",
    role: "admin",
    query: `# Dissociation requests, either side's, newest first. A request takes effect by itself at effectiveAt
# (7 days after filing) unless the side that filed it withdraws it first (cancelDissociationRequest);
# requestCustomerDissociation files one for my partner, the customer files with requestDissociation.
# Meanwhile the customer stays on my lists, but no association-type switch can be requested.
query DissociationRequests {
  dissociationRequests(first: 10, status: PENDING) {
    totalCount
    edges { node { filedBy reason requestedAt effectiveAt status customer { name associationType } } }
  }
}`,
  },
  {
    title: "ApprovalResults",
    role: "admin",
    query: `# Approval results as they are decided (association-type switches, dissociations, accepted invitations,
# the platform's decisions on voucher quota applications).
# Pass "after" (a cursor from the approvalResults history) to replay from there first.
subscription ApprovalResults($after: String) {
  approvalResults(after: $after) {
    cursor kind status decidedBy decidedAt comment
    customer { name balance { amount } }
  }
}`,
    variables: { after: null },
  },
];
