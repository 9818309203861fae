import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, customersOf, partners, staffOf } from "../helpers/demo.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const [a, b] = partners as [(typeof partners)[0], (typeof partners)[0]];
const admin = { role: "admin", partner: a.id };
const CREATE = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id associationType source name(reveal: true) accountName(reveal: true) manager { id } managerAssignedAt } }`;
const REPORT = `mutation($input: ReportCustomerInput!) { reportCustomer(input: $input) { id accountName validUntil reportedAt active } }`;

describe("creating customers", () => {
  it("creates a resale customer through the API; a manager's new customer is theirs", async () => {
    const created = await graph.query(CREATE, {
      as: admin,
      variables: {
        input: { accountName: "new_shop_01", realName: "杭州新店网络科技有限公司", customerType: "ENTERPRISE" },
      },
    });
    expect(created.data!.createCustomer).toMatchObject({
      associationType: "RESALE",
      source: "PARTNER_API",
      name: "杭州新店网络科技有限公司",
      accountName: "new_shop_01",
      manager: null,
    });
    const manager = staffOf(a, "manager")[0]!;
    const asManager = { role: "manager", partner: a.id, staff: manager.id };
    const iam = await graph.query(CREATE, {
      as: asManager,
      variables: {
        input: { accountName: "iam-import-7", realName: "李娜", customerType: "INDIVIDUAL", source: "IAM" },
      },
    });
    expect(iam.data!.createCustomer).toMatchObject({
      associationType: "RESALE",
      source: "IAM",
      manager: { id: manager.id },
    });
    const visible = await graph.query(`{ customer(id: "${iam.data!.createCustomer.id}") { id } }`, { as: asManager });
    expect(visible.data!.customer).toEqual({ id: iam.data!.createCustomer.id });
  });

  it.each(["1starts_with_digit", "abc", "has space", "x".repeat(33), "名字不行"])(
    "refuses the account name %j",
    async (accountName) => {
      const { errors } = await graph.query(CREATE, {
        as: admin,
        variables: { input: { accountName, realName: "x", customerType: "INDIVIDUAL" } },
      });
      expect(errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "input.accountName" });
    },
  );

  it("refuses a taken account name with CONFLICT", async () => {
    const taken = customers[0]!.accountName;
    const { errors } = await graph.query(CREATE, {
      as: admin,
      variables: { input: { accountName: taken, realName: "x", customerType: "INDIVIDUAL" } },
    });
    expect(errors![0]!.extensions!.code).toBe("CONFLICT");
  });
});

describe("customer reporting", () => {
  it("reserves an account for the reporting partner for 90 days; another partner can neither report nor create it", async () => {
    const { data } = await graph.query(REPORT, {
      as: admin,
      variables: { input: { accountName: "prospect_abc", reason: "Web shop migration" } },
    });
    const report = data!.reportCustomer;
    expect(report.active).toBe(true);
    expect(Math.round((Date.parse(report.validUntil) - Date.parse(report.reportedAt)) / 86_400_000)).toBe(90);
    const otherAdmin = { role: "admin", partner: b.id };
    const rival = await graph.query(REPORT, {
      as: otherAdmin,
      variables: { input: { accountName: "prospect_abc", reason: "x" } },
    });
    expect(rival.errors![0]!.extensions).toMatchObject({
      code: "PRECONDITION_FAILED",
      rule: "reported-by-another-partner",
    });
    const rivalCreate = await graph.query(CREATE, {
      as: otherAdmin,
      variables: { input: { accountName: "prospect_abc", realName: "x", customerType: "ENTERPRISE" } },
    });
    expect(rivalCreate.errors![0]!.extensions).toMatchObject({
      code: "PRECONDITION_FAILED",
      rule: "reported-by-another-partner",
    });
    const twice = await graph.query(REPORT, {
      as: admin,
      variables: { input: { accountName: "prospect_abc", reason: "x" } },
    });
    expect(twice.errors![0]!.extensions!.rule).toBe("already-reported");
    expect(
      (
        await graph.query(CREATE, {
          as: admin,
          variables: { input: { accountName: "prospect_abc", realName: "蓝海", customerType: "ENTERPRISE" } },
        })
      ).errors,
    ).toBeUndefined();
    const reports = await graph.query(
      `{ customerReports(first: 20) { edges { node { accountName active convertedAt } } } }`,
      { as: admin },
    );
    expect(
      reports.data!.customerReports.edges.find(
        (e: { node: { accountName: string } }) => e.node.accountName === "prospect_abc",
      ).node,
    ).toMatchObject({ active: false, convertedAt: expect.any(String) });
  });

  it("refuses to report an associated customer, and offers no project-level reporting", async () => {
    const { errors } = await graph.query(REPORT, {
      as: admin,
      variables: { input: { accountName: customersOf(b)[0]!.accountName, reason: "x" } },
    });
    expect(errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "already-associated" });
    const { data } = await graph.query(
      `{ __schema { mutationType { fields { name } } queryType { fields { name } } } }`,
      { as: admin },
    );
    const names = [...data!.__schema.mutationType.fields, ...data!.__schema.queryType.fields].map(
      (f: { name: string }) => f.name.toLowerCase(),
    );
    expect(names.filter((name) => name.includes("project"))).toEqual([]);
  });
});

describe("manager assignment", () => {
  const ASSIGN = `mutation($input: AssignCustomerManagerInput!) { assignCustomerManager(input: $input) { id manager { id } managerAssignedAt managerHistory { manager { id } assignedAt endedAt } } }`;

  it("assigns with history, and the new manager counts consumption from the assignment", async () => {
    const customer = customersOf(a).find((c) => c.managerId && c.associatedAt < "2026-05-01")!;
    const next = staffOf(a, "manager").find((m) => m.id !== customer.managerId)!;
    const { data, errors } = await graph.query(ASSIGN, {
      as: admin,
      variables: { input: { customerId: customer.id, managerId: next.id } },
    });
    expect(errors).toBeUndefined();
    const assigned = data!.assignCustomerManager;
    expect(assigned.manager).toEqual({ id: next.id });
    expect(assigned.managerHistory.at(-2)).toMatchObject({
      manager: { id: customer.managerId },
      endedAt: assigned.managerAssignedAt,
    });
    expect(assigned.managerHistory.at(-1)).toEqual({
      manager: { id: next.id },
      assignedAt: assigned.managerAssignedAt,
      endedAt: null,
    });

    const asNew = { role: "manager", partner: a.id, staff: next.id };
    const view = await graph.query(
      `{ customer(id: "${customer.id}") { consumption(from: "2026-05-01", to: "2026-10-31") { countedFrom total { amount } } } }`,
      { as: asNew },
    );
    expect(view.data!.customer.consumption).toEqual({
      countedFrom: assigned.managerAssignedAt,
      total: { amount: "0.00" },
    });
    const asOld = await graph.query(`{ customer(id: "${customer.id}") { id } }`, {
      as: { role: "manager", partner: a.id, staff: customer.managerId! },
    });
    expect(asOld.data!.customer).toBeNull();
    const same = await graph.query(ASSIGN, {
      as: admin,
      variables: { input: { customerId: customer.id, managerId: next.id } },
    });
    expect(same.errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "already-assigned" });
  });

  it("keeps a supervisor to the managers under them", async () => {
    const supervisor = staffOf(a, "supervisor")[0]!;
    const team = a.staff.filter((s) => s.supervisorId === supervisor.id);
    const outsider = staffOf(a, "manager").find((m) => m.supervisorId !== supervisor.id)!;
    const customer = customersOf(a).find((c) => team.some((m) => m.id === c.managerId))!;
    const asSupervisor = { role: "supervisor", partner: a.id, staff: supervisor.id };
    const refused = await graph.query(ASSIGN, {
      as: asSupervisor,
      variables: { input: { customerId: customer.id, managerId: outsider.id } },
    });
    expect(refused.errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "not-in-your-team" });
    const within = team.find((m) => m.id !== customer.managerId)!;
    expect(
      (
        await graph.query(ASSIGN, {
          as: asSupervisor,
          variables: { input: { customerId: customer.id, managerId: within.id } },
        })
      ).errors,
    ).toBeUndefined();
    const unknown = await graph.query(ASSIGN, {
      as: admin,
      variables: { input: { customerId: customer.id, managerId: staffOf(b, "manager")[0]!.id } },
    });
    expect(unknown.errors![0]!.extensions!.code).toBe("NOT_FOUND");
    const manager = await graph.query(ASSIGN, {
      as: { role: "manager", partner: a.id, staff: within.id },
      variables: { input: { customerId: customer.id, managerId: within.id } },
    });
    expect(manager.errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });

  it("lists each manager's customers in one statement, whatever the number of managers", async () => {
    const query = `{ partner { staff(role: MANAGER) { id customers(first: 3) { totalCount edges { node { id manager { id } } } } } } }`;
    const before = await graph.statements("customers");
    const { data, errors } = await graph.query(query, { as: admin });
    const statements = (await graph.statements("customers")) - before;
    expect(errors).toBeUndefined();
    expect(data!.partner.staff).toHaveLength(6);
    for (const manager of data!.partner.staff) {
      expect(manager.customers.edges.length).toBeLessThanOrEqual(3);
      for (const { node } of manager.customers.edges) expect(node.manager.id).toBe(manager.id);
    }
    // One statement for the pages, one for the counts.
    expect(statements).toBe(2);
  });
});

describe("lists, filters and the audit log", () => {
  const count = async (filter: string) =>
    (await graph.query(`{ customers(filter: ${filter}) { totalCount } }`, { as: { role: "analyst", partner: b.id } }))
      .data!.customers.totalCount;
  const mine = customersOf(b);

  it.each([
    ["{ associationType: RESALE }", (c: (typeof mine)[0]) => c.associationType === "RESALE"],
    ["{ newCustomerTag: YES }", (c: (typeof mine)[0]) => c.newCustomerTag === "YES"],
    ['{ label: "gaming" }', (c: (typeof mine)[0]) => c.label === "gaming"],
    [
      '{ associatedFrom: "2024-01-01", associatedTo: "2025-06-30" }',
      (c: (typeof mine)[0]) => c.associatedAt >= "2024-01-01" && c.associatedAt < "2025-07-01",
    ],
    ['{ nameContains: "有限公司" }', (c: (typeof mine)[0]) => c.realName.includes("有限公司")],
    [
      `{ managerId: "${staffOf(partners[1]!, "manager")[0]!.id}" }`,
      (c: (typeof mine)[0]) => c.managerId === staffOf(partners[1]!, "manager")[0]!.id,
    ],
    [
      `{ accountName: "${customersOf(partners[1]!)[0]!.accountName}" }`,
      (c: (typeof mine)[0]) => c.accountName === customersOf(partners[1]!)[0]!.accountName,
    ],
  ])("filters by %s", async (filter, predicate) => {
    expect(await count(filter)).toBe(mine.filter(predicate).length);
  });

  it("finds names regardless of ASCII case, on SQLite and PostgreSQL alike", async () => {
    const created = await graph.query(CREATE, {
      as: { role: "admin", partner: b.id },
      variables: { input: { accountName: "acme_cloud_9", realName: "Acme云计算有限公司", customerType: "ENTERPRISE" } },
    });
    expect(created.errors).toBeUndefined();
    for (const needle of ["acme", "ACME", "Acme云", "cme云计"])
      expect(await count(`{ nameContains: "${needle}" }`)).toBe(1);
    expect(await count(`{ nameContains: "acme_" }`)).toBe(0); // _ is a character here, not a wildcard
  });

  it("keeps the reveal audit log for the admin only", async () => {
    const customer = customersOf(a)[3]!;
    await graph.query(`{ customer(id: "${customer.id}") { name(reveal: true) } }`, { as: admin });
    const { data } = await graph.query(
      `{ revealAudits(first: 5) { totalCount edges { node { customerId field subject revealedAt } } } }`,
      { as: admin },
    );
    expect(data!.revealAudits.edges[0].node).toMatchObject({ customerId: customer.id, field: "name" });
    const analyst = await graph.query(`{ revealAudits(first: 5) { totalCount } }`, {
      as: { role: "analyst", partner: a.id },
    });
    expect(analyst.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    const other = await graph.query(`{ revealAudits(first: 5) { edges { node { customerId } } } }`, {
      as: { role: "admin", partner: b.id },
    });
    expect(
      other.data!.revealAudits.edges.map((e: { node: { customerId: string } }) => e.node.customerId),
    ).not.toContain(customer.id);
  });
});

describe("opportunities", () => {
  const CREATE_OPPORTUNITY = `mutation($input: CreateOpportunityInput!) { createOpportunity(input: $input) { id status source customer { id } marketingTask { name } } }`;
  const SUBMIT = `mutation($input: SubmitOpportunityInput!) { submitOpportunity(input: $input) { id status expectedAmount { amount } products expectedCloseDate } }`;

  it("is created in two steps, from a customer or a running marketing task", async () => {
    const manager = staffOf(a, "manager")[1]!;
    const asManager = { role: "manager", partner: a.id, staff: manager.id };
    const customer = customersOf(a).find((c) => c.managerId === manager.id)!;
    const draft = (
      await graph.query(CREATE_OPPORTUNITY, {
        as: asManager,
        variables: { input: { source: "CUSTOMER", customerId: customer.id, name: "Data platform" } },
      })
    ).data!.createOpportunity;
    expect(draft).toMatchObject({
      status: "DRAFT",
      source: "CUSTOMER",
      customer: { id: customer.id },
      marketingTask: null,
    });
    const submitted = await graph.query(SUBMIT, {
      as: asManager,
      variables: {
        input: {
          opportunityId: draft.id,
          expectedAmount: "250000.50",
          products: "ECS, RDS",
          expectedCloseDate: "2030-01-31",
        },
      },
    });
    expect(submitted.data!.submitOpportunity).toEqual({
      id: draft.id,
      status: "SUBMITTED",
      expectedAmount: { amount: "250000.50" },
      products: "ECS, RDS",
      expectedCloseDate: "2030-01-31",
    });
    const twice = await graph.query(SUBMIT, {
      as: asManager,
      variables: {
        input: { opportunityId: draft.id, expectedAmount: "1.00", products: "x", expectedCloseDate: "2030-01-31" },
      },
    });
    expect(twice.errors![0]!.extensions!.rule).toBe("already-submitted");

    const tasks = (await graph.query(`{ marketingTasks { id name endsAt } }`, { as: asManager })).data!.marketingTasks;
    const running = tasks.find((t: { endsAt: string }) => t.endsAt > new Date().toISOString());
    const over = tasks.find((t: { endsAt: string }) => t.endsAt < new Date().toISOString());
    const fromTask = await graph.query(CREATE_OPPORTUNITY, {
      as: asManager,
      variables: { input: { source: "MARKETING_TASK", marketingTaskId: running.id, name: "Campaign lead" } },
    });
    expect(fromTask.data!.createOpportunity).toMatchObject({ status: "DRAFT", marketingTask: { name: running.name } });
    const ended = await graph.query(CREATE_OPPORTUNITY, {
      as: asManager,
      variables: { input: { source: "MARKETING_TASK", marketingTaskId: over.id, name: "Too late" } },
    });
    expect(ended.errors![0]!.extensions!.rule).toBe("marketing-task-inactive");

    const others = await graph.query(`{ opportunities(first: 50) { edges { node { id } } } }`, {
      as: { role: "manager", partner: a.id, staff: staffOf(a, "manager")[2]!.id },
    });
    expect(others.data!.opportunities.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(draft.id);
  });

  it.each([
    [{ expectedAmount: "1.005" }, "input.expectedAmount"],
    [{ expectedAmount: "0" }, "input.expectedAmount"],
    [{ expectedCloseDate: "2020-01-01" }, "input.expectedCloseDate"],
  ])("refuses %j", async (change, argument) => {
    const draft = (
      await graph.query(CREATE_OPPORTUNITY, {
        as: admin,
        variables: { input: { source: "CUSTOMER", customerId: customersOf(a)[5]!.id, name: "x" } },
      })
    ).data!.createOpportunity;
    const { errors } = await graph.query(SUBMIT, {
      as: admin,
      variables: {
        input: {
          opportunityId: draft.id,
          expectedAmount: "10.00",
          products: "ECS",
          expectedCloseDate: "2030-01-01",
          ...change,
        },
      },
    });
    expect(errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument });
  });
});
