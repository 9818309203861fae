import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customersOf, partners, staffOf } from "../helpers/demo.js";
import { sql, startGraph, type TestGraph } from "../helpers/graph.js";
import { formatMinor, minor } from "../../subgraphs/common/money.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const partner = partners[0]!;
const LIST = `{ customers(first: 100) { totalCount edges { node { id manager { id } } } } }`;
type Node = { id: string; manager: { id: string } | null };

describe("who sees which customers", () => {
  it("shows a customer manager only the customers assigned to them", async () => {
    for (const manager of staffOf(partner, "manager")) {
      const { data } = await graph.query(LIST, { as: { role: "manager", partner: partner.id, staff: manager.id } });
      const expected = customersOf(partner).filter((c) => c.managerId === manager.id);
      expect(data!.customers.totalCount).toBe(expected.length);
      expect(data!.customers.edges.map((e: { node: Node }) => e.node.id).sort()).toEqual(
        expected.map((c) => c.id).sort(),
      );
    }
  });

  it("shows a supervisor the customers of every manager under them", async () => {
    for (const supervisor of staffOf(partner, "supervisor")) {
      const team = partner.staff.filter((s) => s.supervisorId === supervisor.id).map((s) => s.id);
      const { data } = await graph.query(LIST, {
        as: { role: "supervisor", partner: partner.id, staff: supervisor.id },
      });
      const expected = customersOf(partner).filter((c) => c.managerId && team.includes(c.managerId));
      expect(team).toHaveLength(3);
      expect(data!.customers.totalCount).toBe(expected.length);
      for (const { node } of data!.customers.edges as { node: Node }[]) expect(team).toContain(node.manager!.id);
    }
  });

  it("shows admin and analyst all of the partner's customers", async () => {
    for (const role of ["admin", "analyst"]) {
      const { data } = await graph.query(LIST, { as: { role, partner: partner.id } });
      expect(data!.customers.totalCount).toBe(customersOf(partner).length);
    }
  });

  it("gives a customer no partner's customer list", async () => {
    const { data, errors } = await graph.query(LIST, {
      as: { role: "customer", customer: customersOf(partner)[0]!.id },
    });
    expect(data).toBeNull();
    expect(errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });

  it("answers null for a customer outside a manager's own", async () => {
    const manager = staffOf(partner, "manager")[0]!;
    const other = customersOf(partner).find((c) => c.managerId && c.managerId !== manager.id)!;
    const { data } = await graph.query(`{ customer(id: "${other.id}") { id } }`, {
      as: { role: "manager", partner: partner.id, staff: manager.id },
    });
    expect(data!.customer).toBeNull();
  });
});

describe("masking", () => {
  const customer = customersOf(partner).find((c) => c.realName.length > 3)!;
  const QUERY = `{ customer(id: "${customer.id}") { masked: name full: name(reveal: true) account: accountName(reveal: true) } }`;

  it("masks names by default and reveals them to an admin, writing the audit log", async () => {
    const db = graph.subgraphs.customers.db;
    const before = Number(
      (await sql(db, `SELECT COUNT(*) AS n FROM reveal_audits WHERE customer_id = ?`, [customer.id]))[0].n,
    );
    const { data, errors } = await graph.query(QUERY, { as: { role: "admin", partner: partner.id } });
    expect(errors).toBeUndefined();
    expect(data!.customer.full).toBe(customer.realName);
    expect(data!.customer.account).toBe(customer.accountName);
    expect(data!.customer.masked).not.toBe(customer.realName);
    expect(data!.customer.masked).toMatch(/^.\*+.$/u);
    const rows = await sql(
      db,
      `SELECT field, staff_id AS "staffId" FROM reveal_audits WHERE customer_id = ? ORDER BY field`,
      [customer.id],
    );
    expect(rows.length - before).toBe(2);
    expect(rows.map((r: { field: string }) => r.field)).toEqual(expect.arrayContaining(["accountName", "name"]));
  });

  it("never reveals to an analyst", async () => {
    const { data, errors } = await graph.query(QUERY, { as: { role: "analyst", partner: partner.id } });
    expect(data!.customer).toBeNull();
    expect(errors!.length).toBeGreaterThan(0);
    for (const error of errors!) expect(error.extensions!.code).toBe("FORBIDDEN");
    const masked = await graph.query(`{ customer(id: "${customer.id}") { name accountName } }`, {
      as: { role: "analyst", partner: partner.id },
    });
    expect(masked.data!.customer.name).not.toBe(customer.realName);
  });
});

describe("consumption counts from the manager's assignment", () => {
  // A customer assigned in the middle of the test window, with consumption on both sides of it.
  const customer = customersOf(partner).find(
    (c) =>
      c.managerAssignedAt &&
      c.managerAssignedAt > "2026-06-10" &&
      c.managerAssignedAt < "2026-09-20" &&
      c.associatedAt < "2026-05-01",
  )!;
  const QUERY = `{ customer(id: "${customer.id}") { consumption(from: "2026-05-01", to: "2026-10-31") { countedFrom total { amount } } } }`;

  async function exactSum(from: string): Promise<string> {
    const [row] = await sql(
      graph.subgraphs.billing.db,
      `SELECT SUM(amount) AS total FROM consumption_records WHERE customer_id = ? AND trade_time >= ? AND trade_time < ?`,
      [customer.id, from, "2026-11-01T00:00:00.000Z"],
    );
    return formatMinor(minor(row.total));
  }

  it("shows the admin the whole range and the manager only from the assignment", async () => {
    expect(customer).toBeDefined();
    const admin = await graph.query(QUERY, { as: { role: "admin", partner: partner.id } });
    const manager = await graph.query(QUERY, {
      as: { role: "manager", partner: partner.id, staff: customer.managerId! },
    });
    const supervisor = partner.staff.find((s) => s.id === customer.managerId)!.supervisorId!;
    const overseer = await graph.query(QUERY, { as: { role: "supervisor", partner: partner.id, staff: supervisor } });

    expect(admin.data!.customer.consumption).toEqual({
      countedFrom: "2026-05-01T00:00:00.000Z",
      total: { amount: await exactSum("2026-05-01T00:00:00.000Z") },
    });
    expect(manager.data!.customer.consumption).toEqual({
      countedFrom: customer.managerAssignedAt,
      total: { amount: await exactSum(customer.managerAssignedAt!) },
    });
    expect(overseer.data!.customer.consumption).toEqual(manager.data!.customer.consumption);
    expect(manager.data!.customer.consumption.total.amount).not.toBe(admin.data!.customer.consumption.total.amount);
  });

  it("refuses a range that ends before it starts, and a date that is not one", async () => {
    const backwards = await graph.query(
      `{ customer(id: "${customer.id}") { consumption(from: "2026-06-01", to: "2026-05-01") { total { amount } } } }`,
      { as: { role: "admin", partner: partner.id } },
    );
    expect(backwards.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "to" });
    const before = await graph.statements("billing");
    const notADate = await graph.query(
      `query($to: Date!) { customer(id: "${customer.id}") { consumption(from: "2026-06-01", to: $to) { total { amount } } } }`,
      {
        as: { role: "admin", partner: partner.id },
        variables: { to: "2026-02-30" },
      },
    );
    expect(notADate.status).toBe(400);
    expect(notADate.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    const literal = await graph.query(
      `{ customer(id: "${customer.id}") { consumption(from: "2026-13-01", to: "2026-12-01") { total { amount } } } }`,
      { as: { role: "admin", partner: partner.id } },
    );
    expect(literal.errors![0]).toMatchObject({
      extensions: { code: "BAD_USER_INPUT" },
      message: expect.stringContaining("2026-13-01"),
    });
    // Refused at the gateway: billing never saw these requests.
    expect(await graph.statements("billing")).toBe(before);
  });
});
