import { describe, expect, it } from "vitest";
import type { StaffActor, StaffRole } from "../../common/actor.js";
import { refusal } from "../helpers/refusal.js";
import {
  assertMaySeeBalance,
  assertSeesCustomer,
  countsFrom,
  scopeOf,
  voucherViewer,
} from "../../subgraphs/billing/scope.js";

const staff = (role: StaffRole, staffId = "s-1"): StaffActor => ({ role, subject: staffId, partnerId: "p-1", staffId });
const ASSIGNED = "2026-03-15T08:00:00.000Z";
const own = { id: "c-1", manager: { id: "s-1" }, managerAssignedAt: ASSIGNED };
const colleagues = { id: "c-2", manager: { id: "s-2" }, managerAssignedAt: ASSIGNED };
const unassigned = { id: "c-3", manager: null, managerAssignedAt: null };

describe("which customers a staff member sees in billing", () => {
  it.each([
    ["admin", own, null],
    ["admin", unassigned, null],
    ["analyst", colleagues, null],
    ["manager", own, null],
    ["manager", colleagues, "NOT_FOUND"],
    ["manager", unassigned, "NOT_FOUND"],
    ["supervisor", colleagues, null],
    ["supervisor", unassigned, "NOT_FOUND"],
  ] as const)("%s, customer %o: %s", (role, customer, code) => {
    expect(refusal(() => assertSeesCustomer(staff(role), customer))?.code ?? null).toBe(code);
  });

  it("is the whole partner for admin and analyst, else the assigned customers from their assignment", () => {
    const assigned = [{ id: "c-1", countsFrom: ASSIGNED }];
    expect(scopeOf(staff("admin"), assigned)).toEqual({ partnerId: "p-1", wholePartner: true, customers: new Map() });
    expect(scopeOf(staff("analyst"), []).wholePartner).toBe(true);
    expect(scopeOf(staff("supervisor"), assigned)).toEqual({
      partnerId: "p-1",
      wholePartner: false,
      customers: new Map([["c-1", ASSIGNED]]),
    });
    expect(scopeOf(staff("manager"), []).customers.size).toBe(0);
  });
});

describe("the from-assignment rule", () => {
  it("counts a manager's and a supervisor's consumption from the assignment on", () => {
    expect(countsFrom(staff("manager"), own, "2026-01-01T00:00:00.000Z")).toBe(ASSIGNED);
    expect(countsFrom(staff("supervisor"), colleagues, "2026-01-01T00:00:00.000Z")).toBe(ASSIGNED);
    expect(countsFrom(staff("manager"), own, "2026-04-01T00:00:00.000Z")).toBe("2026-04-01T00:00:00.000Z");
  });

  it("counts the whole range for admin and analyst", () => {
    expect(countsFrom(staff("admin"), own, "2026-01-01T00:00:00.000Z")).toBe("2026-01-01T00:00:00.000Z");
    expect(countsFrom(staff("analyst"), unassigned, "2026-01-01T00:00:00.000Z")).toBe("2026-01-01T00:00:00.000Z");
  });

  it("refuses a customer the manager may not see", () => {
    expect(refusal(() => countsFrom(staff("manager"), colleagues, "2026-01-01T00:00:00.000Z"))).toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("a customer's balance and arrears", () => {
  it("are for the customer itself and for staff, not for a platform reviewer", () => {
    expect(refusal(() => assertMaySeeBalance({ role: "customer", subject: "c", customerId: "c-1" }))).toBeNull();
    expect(refusal(() => assertMaySeeBalance(staff("manager")))).toBeNull();
    expect(refusal(() => assertMaySeeBalance({ role: "platform", subject: "r" }))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(refusal(() => assertMaySeeBalance({ role: "anonymous", subject: "anonymous" }))).toMatchObject({
      code: "UNAUTHENTICATED",
    });
  });
});

describe("the vouchers a caller lists", () => {
  it("are a customer's own, staff's within their scope, nobody else's", () => {
    expect(voucherViewer({ role: "customer", subject: "c", customerId: "c-1" })).toEqual({ customerId: "c-1" });
    expect(voucherViewer(staff("manager"))).toEqual({ staff: staff("manager") });
    expect(refusal(() => voucherViewer({ role: "platform", subject: "r" }))).toMatchObject({ code: "FORBIDDEN" });
  });
});
