import { describe, expect, it } from "vitest";
import { assertMayAssign, type AssignmentFacts } from "../../subgraphs/customers/assignment.js";
import { AssociationSource } from "../../subgraphs/customers/entities/association.js";
import { CustomerType } from "../../subgraphs/customers/entities/customer.js";
import { OpportunitySource, OpportunityStatus } from "../../subgraphs/customers/entities/opportunity.js";
import {
  assertAccountNameFree,
  assertNotReservedForAnother,
  checkNewCustomer,
} from "../../subgraphs/customers/onboarding.js";
import { assertDraft, assertTaskActive, checkSubmission, originOf } from "../../subgraphs/customers/opportunities.js";
import { assertMayReport, reportValidUntil, type ReportFacts } from "../../subgraphs/customers/reporting.js";
import { refusal, ruleOf } from "../helpers/refusal.js";

const NOW = "2026-11-30T12:00:00.000Z";
const TODAY = NOW.slice(0, 10);

describe("assigning a customer to a manager", () => {
  const admin: AssignmentFacts = { assigner: "admin", team: [], currentManagerId: "m1" };
  const supervisor: AssignmentFacts = { assigner: "supervisor", team: ["m1", "m2"], currentManagerId: "m1" };
  it.each([
    ["an admin, to another manager", "m2", admin, null],
    ["an admin, unassigning", null, admin, null],
    ["an admin, to the manager it has", "m1", admin, "already-assigned"],
    ["an admin, unassigning an unassigned customer", null, { ...admin, currentManagerId: null }, "already-assigned"],
    ["a supervisor, within the team", "m2", supervisor, null],
    ["a supervisor, outside the team", "m3", supervisor, "not-in-your-team"],
    ["a supervisor, unassigning", null, supervisor, "not-in-your-team"],
    ["a supervisor, to the manager it has", "m1", supervisor, "already-assigned"],
  ])("%s: %s", (_, managerId, facts, rule) => {
    expect(ruleOf(() => assertMayAssign(managerId, facts))).toBe(rule);
  });

  it("tells a supervisor why unassigning is refused", () => {
    expect(() => assertMayAssign(null, supervisor)).toThrow(/would leave their team/);
  });
});

describe("reporting a customer", () => {
  const free: ReportFacts = { associated: false, activeReport: null };
  it.each([
    ["an unassociated, unreported account", free, null],
    ["an associated account", { ...free, associated: true }, "already-associated"],
    [
      "an account my partner reported",
      { ...free, activeReport: { partnerId: "p1", validUntil: NOW } },
      "already-reported",
    ],
    [
      "an account another partner reported",
      { ...free, activeReport: { partnerId: "p2", validUntil: NOW } },
      "reported-by-another-partner",
    ],
  ])("%s: %s", (_, facts, rule) => {
    expect(ruleOf(() => assertMayReport("p1", facts))).toBe(rule);
  });

  it("names the day the reservation ends", () => {
    const facts = { ...free, activeReport: { partnerId: "p2", validUntil: NOW } };
    expect(() => assertMayReport("p1", facts)).toThrow(/until 2026-11-30\./);
  });

  it("reserves the account for 90 days", () => {
    expect(reportValidUntil(Date.parse(NOW))).toBe("2027-02-28T12:00:00.000Z");
  });
});

describe("creating a customer", () => {
  const input = {
    accountName: "acme_cloud",
    realName: "  Acme  ",
    customerType: CustomerType.ENTERPRISE,
    source: AssociationSource.PARTNER_API,
  };

  it("trims the real name", () => {
    expect(checkNewCustomer(input).realName).toBe("Acme");
  });

  it.each([
    ["an account name starting with a digit", { accountName: "1acme" }, "input.accountName"],
    ["an empty real name", { realName: " " }, "input.realName"],
    ["source INVITATION", { source: AssociationSource.INVITATION }, "input.source"],
    ["an e-mail without @", { email: "acme.example.com" }, "input.email"],
    ["a phone with letters", { phone: "12345a" }, "input.phone"],
  ])("refuses %s", (_, change, argument) => {
    expect(refusal(() => checkNewCustomer({ ...input, ...change }))).toMatchObject({
      code: "BAD_USER_INPUT",
      argument,
    });
  });

  it("refuses a taken account name as a conflict", () => {
    expect(ruleOf(() => assertAccountNameFree("acme_cloud", false))).toBeNull();
    expect(ruleOf(() => assertAccountNameFree("acme_cloud", true))).toBe("CONFLICT");
  });

  it("refuses an account another partner reserves, not one my partner does", () => {
    const mine = { partnerId: "p1", validUntil: NOW };
    const theirs = { partnerId: "p2", validUntil: NOW };
    expect(ruleOf(() => assertNotReservedForAnother("p1", "acme_cloud", [mine]))).toBeNull();
    expect(ruleOf(() => assertNotReservedForAnother("p1", "acme_cloud", [mine, theirs]))).toBe(
      "reported-by-another-partner",
    );
  });
});

describe("opportunities", () => {
  it.each([
    [
      OpportunitySource.CUSTOMER,
      { customerId: "c1", marketingTaskId: "t1" },
      { customerId: "c1", marketingTaskId: null },
    ],
    [
      OpportunitySource.MARKETING_TASK,
      { customerId: "c1", marketingTaskId: "t1" },
      { customerId: null, marketingTaskId: "t1" },
    ],
  ])("start from what their source (%s) names", (source, ids, origin) => {
    expect(originOf({ source, ...ids })).toEqual(origin);
  });

  it.each([
    [OpportunitySource.CUSTOMER, "input.customerId"],
    [OpportunitySource.MARKETING_TASK, "input.marketingTaskId"],
  ])("from %s, need its id", (source, argument) => {
    expect(refusal(() => originOf({ source }))).toMatchObject({ code: "BAD_USER_INPUT", argument });
  });

  it.each([
    ["before it starts", "2026-12-01T00:00:00.000Z", "2026-12-31T00:00:00.000Z", "marketing-task-inactive"],
    ["while it runs", "2026-11-01T00:00:00.000Z", "2026-12-31T00:00:00.000Z", null],
    ["after it ended", "2026-11-01T00:00:00.000Z", "2026-11-30T00:00:00.000Z", "marketing-task-inactive"],
  ])("start from a marketing task %s: %s", (_, startsAt, endsAt, rule) => {
    expect(ruleOf(() => assertTaskActive({ startsAt, endsAt }, NOW))).toBe(rule);
  });

  it("are submitted once, from a draft", () => {
    expect(ruleOf(() => assertDraft({ status: OpportunityStatus.DRAFT }))).toBeNull();
    expect(ruleOf(() => assertDraft({ status: OpportunityStatus.SUBMITTED }))).toBe("already-submitted");
  });

  it("take an amount in fen and a closing day from today on", () => {
    const details = { expectedAmount: "120000.50", products: " ECS, RDS ", expectedCloseDate: TODAY };
    expect(checkSubmission(details, TODAY)).toEqual({
      expectedAmountFen: 12_000_050n,
      products: "ECS, RDS",
      expectedCloseDate: TODAY,
    });
    expect(refusal(() => checkSubmission({ ...details, expectedCloseDate: "2026-11-29" }, TODAY))).toMatchObject({
      code: "BAD_USER_INPUT",
      argument: "input.expectedCloseDate",
    });
  });
});
