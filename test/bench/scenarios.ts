import type { TokenRequest } from "../../gateway/devTokens.js";
import { DEFAULT_DEMO, demoCustomers, demoPartners, type DemoCustomer } from "../../common/demo.js";
import type { SubgraphName } from "../../common/services.js";
import type { Seed } from "./systems.js";

/** One GraphQL request of a scenario: whose token, and what. */
export interface Operation {
  actor: number;
  query: string;
  variables: Record<string, unknown>;
}

export interface Scenario {
  name: string;
  /** Which systems run it: every gateway, this gateway only, and/or one subgraph directly. */
  gateways: "all" | "this";
  direct?: SubgraphName;
  /** Concurrent connections when the run's default does not fit: latency comparisons use 1. */
  connections?: number;
  actors: TokenRequest[];
  /** The i-th request: variables vary so no cache could answer everything. */
  operation(i: number): Operation;
}

/** Bill cycles of the seeded window, newest last (the bench seeds a few months up to 2026-10). */
function windows(months: number): { from: string; to: string }[] {
  const ends = ["2026-10-31", "2026-09-30", "2026-08-31", "2026-07-31", "2026-06-30", "2026-05-31"].slice(0, months);
  return ends.flatMap((to) =>
    ["2026-05-01", "2026-06-01", "2026-07-01", "2026-08-01"].filter((from) => from < to).map((from) => ({ from, to })),
  );
}

/**
 * The i-th combination of independent choices (mixed radix): the first varies fastest, and a
 * combination comes back only after all of them have been used. Indices taken as `i % n` of
 * each list repeat with the least common multiple of their lengths (12 for 6 actors, 4 orders
 * and 12 date ranges), and with 32 requests in flight identical ones would be shared by the
 * gateways that share in-flight subgraph calls: a flattering benchmark.
 */
function combination(i: number, sizes: number[]): number[] {
  return sizes.map((size, k) => Math.floor(i / sizes.slice(0, k).reduce((a, b) => a * b, 1)) % size);
}

export function scenarios(seed: Seed, context: { lastPageCursors: string[] }): Scenario[] {
  const partners = demoPartners(DEFAULT_DEMO.seed);
  const demo = {
    ...DEFAULT_DEMO,
    customers: seed.customers,
    months: seed.months,
    largestCustomer: seed.largestCustomer || undefined,
  };
  const customers = [...demoCustomers(demo)];
  const admins = partners.map((p) => ({ role: "admin", partner: p.id }));
  const analysts = partners.map((p) => ({ role: "analyst", partner: p.id }));
  const ranges = windows(seed.months);
  const orders = [
    null,
    { field: "NAME", direction: "ASC" },
    { field: "ASSOCIATED_AT", direction: "DESC" },
    { field: "ACCOUNT_NAME", direction: "ASC" },
  ];
  const whale = customers[0]!;
  const whaleAdmin = { role: "admin", partner: whale.partnerId };
  const resale: DemoCustomer[] = customers
    .filter((c) => c.partnerId === partners[0]!.id && c.associationType === "RESALE")
    .slice(0, 200);
  const run = Date.now().toString(36);

  return [
    {
      name: "customer page",
      gateways: "all",
      actors: [...admins, ...analysts],
      // 50 customers with balance, consumption summary (billing) and manager (partners): three subgraphs.
      operation: (i) => {
        const [actor = 0, order = 0, range = 0] = combination(i, [6, orders.length, ranges.length]);
        return {
          actor,
          query: `query CustomerPage($from: Date!, $to: Date!, $order: CustomerOrder) {
            customers(first: 50, orderBy: $order) { totalCount edges { node { id name associationType balance { amount currency }
              consumption(from: $from, to: $to) { total { amount } } manager { id name } } } } }`,
          variables: { ...ranges[range]!, order: orders[order] },
        };
      },
    },
    {
      name: "analyst dashboard",
      gateways: "all",
      actors: analysts,
      operation: (i) => {
        const [actor = 0, range = 0] = combination(i, [3, ranges.length]);
        return {
          actor,
          query: `query Dashboard($from: Date!, $to: Date!) { consumptionDashboard(from: $from, to: $to) { total { amount } officialTotal { amount }
            byMonth { billCycle amount { amount } } byServiceType { serviceType amount { amount } } topCustomers(limit: 10) { total { amount } customer { id name } } } }`,
          variables: ranges[range]!,
        };
      },
    },
    {
      name: "single subgraph",
      gateways: "all",
      direct: "customers",
      actors: admins,
      operation: (i) => ({
        actor: i % 3,
        query: `query CustomerList($offset: Int!) { customersPage(offset: $offset, limit: 20) { totalCount items { id name associationType associatedAt label } } }`,
        variables: { offset: (i * 7) % 300 },
      }),
    },
    ...(context.lastPageCursors.length
      ? (
          [
            ["first page of 1M", () => null],
            ["last page of 1M", (i: number) => context.lastPageCursors[i % context.lastPageCursors.length]],
          ] as const
        ).map(([name, after]): Scenario => ({
          name,
          gateways: "this",
          // One request at a time: the comparison is of latency, and identical first-page
          // requests in flight together would be shared by the gateway and flatter it.
          connections: 1,
          actors: [whaleAdmin],
          operation: (i) => ({
            actor: 0,
            query: `query Records($id: ID!, $after: String) { customer(id: $id) { consumptionRecords(first: 10, after: $after, from: "2026-01-01", to: "2026-10-31") {
              pageInfo { hasNextPage endCursor } edges { node { id tradeTime serviceType amount { amount } } } } } }`,
            variables: { id: whale.id, after: after(i) },
          }),
        }))
      : []),
    {
      name: "fund allocations",
      gateways: "all",
      actors: [admins[0]!],
      // Unique idempotency keys, every tenth a retry of an earlier one (answered from the stored result).
      operation: (i) => {
        const n = i % 10 === 9 ? i - 5 : i;
        return {
          actor: 0,
          query: `mutation Allocate($input: FundTransferInput!) { allocateFunds(input: $input) { id amount { amount } } }`,
          variables: {
            input: { customerId: resale[n % resale.length]!.id, amount: "0.01", idempotencyKey: `bench-${run}-${n}` },
          },
        };
      },
    },
  ];
}
