import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatMinor, minor } from "../../subgraphs/common/money.js";
import { customersOf, partners, staffOf } from "../helpers/demo.js";
import type { TokenRequest } from "../../gateway/devTokens.js";
import { sql, startGraph, type GraphQLResponse, type TestGraph } from "../helpers/graph.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const partner = partners[0]!;
const admin = { role: "admin", partner: partner.id };
const RANGE = { from: "2026-05-01", to: "2026-10-31" };
const START = "2026-05-01T00:00:00.000Z";
const END = "2026-11-01T00:00:00.000Z";

/** The exact sum in SQL of a partner's lines in the range, each customer from its own instant. */
async function sqlSum(customers: Map<string, string> | null): Promise<string> {
  const db = graph.subgraphs.billing.db;
  if (!customers) {
    const [row] = await sql(
      db,
      `SELECT SUM(amount) AS total FROM consumption_records WHERE partner_id = ? AND trade_time >= ? AND trade_time < ?`,
      [partner.id, START, END],
    );
    return formatMinor(minor(row.total));
  }
  let total = 0n;
  for (const [id, from] of customers) {
    const [row] = await sql(
      db,
      `SELECT SUM(amount) AS total FROM consumption_records WHERE customer_id = ? AND trade_time >= ? AND trade_time < ?`,
      [id, from > START ? from : START, END],
    );
    total += minor(row.total);
  }
  return formatMinor(total);
}

async function csv(as: TokenRequest, query: string): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(`${graph.gateway.url}/exports/consumption.csv?${query}`, {
    headers: { authorization: `Bearer ${await graph.token(as)}` },
  });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

describe("consumption details", () => {
  it("walks the same lines by cursor and by offset, and their exact sum is the summary's total", async () => {
    const customer = customersOf(partner).find((c) => c.associatedAt < START && c.size >= 6)!;
    const ids: string[] = [];
    let total = 0n;
    let after: string | null = null;
    for (;;) {
      const { data, errors }: GraphQLResponse = await graph.query(
        `query($after: String) { customer(id: "${customer.id}") { consumptionRecords(from: "${RANGE.from}", to: "${RANGE.to}", first: 25, after: $after) { totalCount edges { node { id amount { amount } officialAmount { amount } discountAmount { amount } chargingMode billDetailType paymentMethod } } pageInfo { hasNextPage endCursor } } } }`,
        { as: admin, variables: { after: after as string | null } },
      );
      expect(errors).toBeUndefined();
      const page: { edges: { node: Record<string, any> }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } =
        data!.customer.consumptionRecords;
      for (const { node } of page.edges) {
        ids.push(node.id);
        total += BigInt(node.amount.amount.replace(".", ""));
        expect(
          BigInt(node.officialAmount.amount.replace(".", "")) - BigInt(node.discountAmount.amount.replace(".", "")),
        ).toBe(BigInt(node.amount.amount.replace(".", "")));
      }
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const paged: string[] = [];
    for (let offset = 0; offset < ids.length; offset += 30) {
      const { data } = await graph.query(
        `{ customer(id: "${customer.id}") { consumptionRecordsPage(from: "${RANGE.from}", to: "${RANGE.to}", offset: ${offset}, limit: 30) { totalCount items { id } } } }`,
        { as: admin },
      );
      paged.push(...data!.customer.consumptionRecordsPage.items.map((r: { id: string }) => r.id));
    }
    expect(paged).toEqual(ids);
    expect(ids.length).toBeGreaterThan(30);
    const summary = await graph.query(
      `{ customer(id: "${customer.id}") { consumption(from: "${RANGE.from}", to: "${RANGE.to}") { total { amount } } } }`,
      { as: admin },
    );
    expect(summary.data!.customer.consumption.total.amount).toBe(formatMinor(total));
    expect(formatMinor(total)).toBe(await sqlSum(new Map([[customer.id, START]])));
  });

  it("shows a manager no line from before the assignment", async () => {
    const customer = customersOf(partner).find(
      (c) =>
        c.managerAssignedAt &&
        c.managerAssignedAt > "2026-06-10" &&
        c.managerAssignedAt < "2026-09-20" &&
        c.associatedAt < START,
    )!;
    const { data } = await graph.query(
      `{ customer(id: "${customer.id}") { consumptionRecordsPage(from: "${RANGE.from}", to: "${RANGE.to}", limit: 100) { totalCount items { tradeTime } } } }`,
      {
        as: { role: "manager", partner: partner.id, staff: customer.managerId! },
      },
    );
    const lines = data!.customer.consumptionRecordsPage.items;
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.tradeTime >= customer.managerAssignedAt!).toBe(true);
  });
});

describe("consumption summaries on a customer page", () => {
  const page = (fields: string) =>
    `{ customers(first: 40) { edges { node { id consumption(from: "${RANGE.from}", to: "${RANGE.to}") { ${fields} } } } } }`;
  const amounts = (data: Record<string, any>, pick: (summary: Record<string, any>) => unknown) =>
    data.customers.edges.map((e: { node: { id: string; consumption: Record<string, any> } }) => [
      e.node.id,
      pick(e.node.consumption),
    ]);

  it("reads sums alone when no breakdown is asked, in one statement, with the same totals as the breakdown's", async () => {
    const manager = staffOf(partner, "manager")[0]!;
    for (const as of [admin, { role: "manager", partner: partner.id, staff: manager.id }]) {
      const before = await graph.statements("billing");
      const sums = await graph.query(page("total { amount } officialTotal { amount } discountTotal { amount }"), {
        as,
      });
      expect(sums.errors).toBeUndefined();
      expect((await graph.statements("billing")) - before).toBe(1);
      const detailed = await graph.query(
        page(
          "total { amount } officialTotal { amount } discountTotal { amount } byMonth { amount { amount } } byServiceType { amount { amount } }",
        ),
        { as },
      );
      expect(detailed.errors).toBeUndefined();
      const totals = (c: Record<string, any>) => [c.total.amount, c.officialTotal.amount, c.discountTotal.amount];
      expect(amounts(sums.data!, totals)).toEqual(amounts(detailed.data!, totals));
      expect(amounts(sums.data!, totals).some(([, [total]]: [string, string[]]) => total !== "0.00")).toBe(true);
      // Each breakdown adds up to the total, so both statements read the same lines.
      for (const [, summary] of amounts(detailed.data!, (c) => c)) {
        const sum = (parts: { amount: { amount: string } }[]) =>
          formatMinor(parts.reduce((n, p) => n + BigInt(p.amount.amount.replace(".", "")), 0n));
        expect(sum((summary as any).byMonth)).toBe((summary as any).total.amount);
        expect(sum((summary as any).byServiceType)).toBe((summary as any).total.amount);
      }
    }
  });
});

describe("the consumption dashboard", () => {
  const QUERY = `{ consumptionDashboard(from: "${RANGE.from}", to: "${RANGE.to}") { wholePartner total { amount } byMonth { billCycle amount { amount } } byServiceType { serviceType amount { amount } } topCustomers(limit: 3) { customer { id } total { amount } } } }`;

  it("sums the whole partner for the admin in one statement, exact to the fen", async () => {
    const before = await graph.statements("billing");
    const { data, errors } = await graph.query(
      QUERY.replace(" topCustomers(limit: 3) { customer { id } total { amount } }", ""),
      { as: admin },
    );
    expect(errors).toBeUndefined();
    expect(await graph.statements("billing")).toBe(before + 1);
    const dashboard = data!.consumptionDashboard;
    expect(dashboard.wholePartner).toBe(true);
    expect(dashboard.total.amount).toBe(await sqlSum(null));
    const byMonth = dashboard.byMonth.reduce(
      (sum: bigint, m: { amount: { amount: string } }) => sum + BigInt(m.amount.amount.replace(".", "")),
      0n,
    );
    expect(formatMinor(byMonth)).toBe(dashboard.total.amount);
    expect(dashboard.byMonth.map((m: { billCycle: string }) => m.billCycle)).toEqual([
      "2026-05",
      "2026-06",
      "2026-07",
      "2026-08",
      "2026-09",
      "2026-10",
    ]);
  });

  it.each([
    ["a single day", "2026-07-15", "2026-07-15"],
    ["parts of two bill cycles", "2026-06-20", "2026-07-10"],
    ["the whole window", "2026-05-01", "2026-10-31"],
  ])("reads the admin's dashboard from the daily roll-up with the lines' exact sums: %s", async (_, from, to) => {
    const db = graph.subgraphs.billing.db;
    const bounds = [
      partner.id,
      `${from}T00:00:00.000Z`,
      new Date(Date.parse(`${to}T00:00:00.000Z`) + 86_400_000).toISOString(),
    ];
    const lines = `FROM consumption_records WHERE partner_id = ? AND trade_time >= ? AND trade_time < ?`;
    const byService = await sql(
      db,
      `SELECT service_type AS "serviceType", SUM(amount) AS amount ${lines} GROUP BY service_type`,
      bounds,
    );
    const top = await sql(
      db,
      `SELECT customer_id AS "customerId", SUM(amount) AS total ${lines} GROUP BY customer_id ORDER BY SUM(amount) DESC, customer_id ASC LIMIT 3`,
      bounds,
    );
    const [{ official }] = await sql(db, `SELECT SUM(official_amount) AS official ${lines}`, bounds);
    const { data, errors } = await graph.query(
      `{ consumptionDashboard(from: "${from}", to: "${to}") { officialTotal { amount } byServiceType { serviceType amount { amount } } topCustomers(limit: 3) { customer { id } total { amount } } } }`,
      { as: admin },
    );
    expect(errors).toBeUndefined();
    const dashboard = data!.consumptionDashboard;
    expect(dashboard.officialTotal.amount).toBe(formatMinor(minor(official ?? 0)));
    expect(Object.fromEntries(dashboard.byServiceType.map((s: any) => [s.serviceType, s.amount.amount]))).toEqual(
      Object.fromEntries(byService.map((s) => [s.serviceType, formatMinor(minor(s.amount))])),
    );
    expect(dashboard.topCustomers.map((t: any) => [t.customer.id, t.total.amount])).toEqual(
      top.map((t) => [t.customerId, formatMinor(minor(t.total))]),
    );
  });

  it("counts a manager's and a supervisor's customers from their assignments", async () => {
    const manager = staffOf(partner, "manager")[0]!;
    const mine = new Map(
      customersOf(partner)
        .filter((c) => c.managerId === manager.id)
        .map((c) => [c.id, c.managerAssignedAt!]),
    );
    const asManager = await graph.query(QUERY, { as: { role: "manager", partner: partner.id, staff: manager.id } });
    expect(asManager.data!.consumptionDashboard.wholePartner).toBe(false);
    expect(asManager.data!.consumptionDashboard.total.amount).toBe(await sqlSum(mine));
    for (const top of asManager.data!.consumptionDashboard.topCustomers) expect(mine.has(top.customer.id)).toBe(true);

    const supervisor = staffOf(partner, "supervisor")[0]!;
    const team = partner.staff.filter((s) => s.supervisorId === supervisor.id).map((s) => s.id);
    const theirs = new Map(
      customersOf(partner)
        .filter((c) => c.managerId && team.includes(c.managerId))
        .map((c) => [c.id, c.managerAssignedAt!]),
    );
    const asSupervisor = await graph.query(QUERY, {
      as: { role: "supervisor", partner: partner.id, staff: supervisor.id },
    });
    expect(asSupervisor.data!.consumptionDashboard.total.amount).toBe(await sqlSum(theirs));
  });

  it("lists the top customers by consumption, largest first, with names from the customers subgraph", async () => {
    const { data } = await graph.query(
      `{ consumptionDashboard(from: "${RANGE.from}", to: "${RANGE.to}") { topCustomers(limit: 5) { customer { id name } total { amount } } } }`,
      { as: admin },
    );
    const top = data!.consumptionDashboard.topCustomers;
    expect(top).toHaveLength(5);
    const amounts = top.map((t: { total: { amount: string } }) => Number(t.total.amount));
    expect([...amounts].sort((x, y) => y - x)).toEqual(amounts);
    expect(top[0].customer.name).toMatch(/\*/);
  });

  it("refuses a range that ends before it starts, and a limit out of bounds", async () => {
    const backwards = await graph.query(
      `{ consumptionDashboard(from: "2026-06-01", to: "2026-05-01") { total { amount } } }`,
      { as: admin },
    );
    expect(backwards.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "to" });
    const tooMany = await graph.query(
      `{ consumptionDashboard(from: "2026-06-01", to: "2026-06-30") { topCustomers(limit: 1000) { total { amount } } } }`,
      { as: admin },
    );
    expect(tooMany.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "limit" });
  });
});

describe("the CSV export", () => {
  /** The signed link the graph hands out, as a frontend asks for it. */
  async function exportUrl(as: TokenRequest, args: string): Promise<string> {
    const { data, errors } = await graph.query(`{ consumptionExportUrl(${args}) }`, { as });
    expect(errors).toBeUndefined();
    return data!.consumptionExportUrl as string;
  }
  const rowsOf = (text: string) => parse(text, { bom: true, columns: true }) as Record<string, string>[];
  const sumOf = (rows: Record<string, string>[]) =>
    rows.reduce((sum, row) => sum + BigInt(row.amount!.replace(".", "")), 0n);

  it("downloads by a signed link, with no Authorization header, every visible line summing exactly to the dashboard", async () => {
    const url = await exportUrl(admin, `from: "${RANGE.from}", to: "${RANGE.to}"`);
    expect(url.startsWith(`${graph.gateway.url}/exports/consumption.csv?`)).toBe(true);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.headers.get("x-consumption-note")).toContain("not a bill");
    const bytes = new Uint8Array(await response.arrayBuffer());
    // UTF-8's byte-order mark first: Excel then reads the Chinese names as they are.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.split("\r\n").length).toBeGreaterThan(2000);
    const rows = rowsOf(text);
    const [{ n }] = await sql(
      graph.subgraphs.billing.db,
      `SELECT COUNT(*) AS n FROM consumption_records WHERE partner_id = ? AND trade_time >= ? AND trade_time < ?`,
      [partner.id, START, END],
    );
    expect(rows.length).toBe(Number(n));
    const dashboard = await graph.query(
      `{ consumptionDashboard(from: "${RANGE.from}", to: "${RANGE.to}") { total { amount } } }`,
      { as: admin },
    );
    expect(formatMinor(sumOf(rows))).toBe(dashboard.data!.consumptionDashboard.total.amount);
    expect(formatMinor(sumOf(rows))).toBe(await sqlSum(null));
  });

  it("neutralises cells a spreadsheet would run as formulas, and quotes cells as RFC 4180 says", async () => {
    const [first, second] = await sql(
      graph.subgraphs.billing.db,
      `SELECT id FROM consumption_records WHERE partner_id = ? AND trade_time >= ? AND trade_time < ? ORDER BY id LIMIT 2`,
      [partner.id, START, END],
    );
    const formula = `=HYPERLINK("http://evil.example","点我")`;
    const quoted = `a, "b"\nc`;
    await sql(graph.subgraphs.billing.db, `UPDATE consumption_records SET resource_name = ? WHERE id = ?`, [
      formula,
      first.id,
    ]);
    await sql(graph.subgraphs.billing.db, `UPDATE consumption_records SET resource_name = ? WHERE id = ?`, [
      quoted,
      second.id,
    ]);
    const rows = rowsOf(await (await fetch(await exportUrl(admin, `from: "${RANGE.from}", to: "${RANGE.to}"`))).text());
    const names = new Map(rows.map((row) => [row.resource_name, row]));
    expect(names.has(`'${formula}`)).toBe(true);
    expect(names.has(formula)).toBe(false);
    expect(names.has(quoted)).toBe(true);
    // Amounts stay numbers, negative ones too.
    for (const row of rows) expect(row.amount).toMatch(/^-?\d+\.\d{2}$/);
  });

  it("leaves the byte-order mark out when asked (bom: false)", async () => {
    const url = await exportUrl(admin, `from: "${RANGE.from}", to: "${RANGE.from}", bom: false`);
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 11))).toBe("bill_cycle,");
  });

  it("gives a manager only their customers' lines from the assignment", async () => {
    const manager = staffOf(partner, "manager")[1]!;
    const mine = new Map(
      customersOf(partner)
        .filter((c) => c.managerId === manager.id)
        .map((c) => [c.id, c.managerAssignedAt!]),
    );
    const as = { role: "manager", partner: partner.id, staff: manager.id };
    const rows = rowsOf(await (await fetch(await exportUrl(as, `from: "${RANGE.from}", to: "${RANGE.to}"`))).text());
    for (const row of rows) {
      expect(mine.has(row.customer_id!)).toBe(true);
      expect(row.trade_time! >= mine.get(row.customer_id!)!).toBe(true);
    }
    expect(formatMinor(sumOf(rows))).toBe(await sqlSum(mine));
  });

  it("refuses an expired, forged or borrowed link with 403 and a coded body", async () => {
    const url = await exportUrl(admin, `from: "${RANGE.from}", to: "${RANGE.to}"`);
    const forbidden = async (link: string) => {
      const response = await fetch(link);
      expect(response.status).toBe(403);
      return ((await response.json()) as { errors: { message: string; extensions: { code: string } }[] }).errors[0]!;
    };
    const expired = new URL(url);
    expired.searchParams.set("expires", String(Math.floor(Date.now() / 1000) - 1));
    expect((await forbidden(expired.toString())).extensions.code).toBe("FORBIDDEN");
    const wider = url.replace(`to=${RANGE.to}`, "to=2026-12-31");
    expect((await forbidden(wider)).message).toMatch(/not valid for this download/);
    const elsewhere = url.replace("/exports/consumption.csv", "/certificates/x.pdf");
    expect((await forbidden(elsewhere)).extensions.code).toBe("FORBIDDEN");
  });

  it("still serves a caller with a token, and refuses bad dates and callers with neither", async () => {
    const { status, text } = await csv(admin, `from=${RANGE.from}&to=${RANGE.from}`);
    expect(status).toBe(200);
    expect(rowsOf(text).length).toBeGreaterThan(0);
    const bad = await csv(admin, "from=2026-02-30&to=2026-03-01");
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).errors[0].extensions).toEqual({ code: "BAD_USER_INPUT" });
    expect((await fetch(`${graph.gateway.url}/exports/consumption.csv?from=2026-01-01&to=2026-01-31`)).status).toBe(
      401,
    );
    const backwards = await graph.query(`{ consumptionExportUrl(from: "2026-02-01", to: "2026-01-01") }`, {
      as: admin,
    });
    expect(backwards.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "to" });
  });
});
