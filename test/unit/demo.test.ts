import { describe, expect, it } from "vitest";
import { DEFAULT_DEMO, demoCustomers, demoCycles, demoOptionsFrom, demoPartners } from "../../common/demo.js";
import { Random } from "../../common/random.js";

describe("the demo world", () => {
  it("has a reseller and a solution provider, each partner with an admin, 2 supervisors, 6 managers and an analyst", () => {
    const partners = demoPartners(1);
    expect(partners).toHaveLength(3);
    expect(new Set(partners.map((p) => p.type))).toEqual(new Set(["RESELLER", "SOLUTION_PROVIDER"]));
    for (const partner of partners) {
      const count = (role: string) => partner.staff.filter((s) => s.role === role).length;
      expect([count("admin"), count("supervisor"), count("manager"), count("analyst")]).toEqual([1, 2, 6, 1]);
      for (const manager of partner.staff.filter((s) => s.role === "manager")) {
        expect(partner.staff.find((s) => s.id === manager.supervisorId)?.role).toBe("supervisor");
      }
    }
  });

  it("spreads 2,000 customers over the partners with both association types; API and IAM customers are resale", () => {
    const customers = [...demoCustomers(DEFAULT_DEMO)];
    expect(customers).toHaveLength(2000);
    expect(new Set(customers.map((c) => c.id)).size).toBe(2000);
    expect(new Set(customers.map((c) => c.accountName)).size).toBe(2000);
    for (const partner of demoPartners(1))
      expect(customers.filter((c) => c.partnerId === partner.id).length).toBeGreaterThan(200);
    expect(new Set(customers.map((c) => c.associationType))).toEqual(new Set(["RESALE", "CONSULTING_SALES"]));
    expect(customers.filter((c) => c.source !== "INVITATION").every((c) => c.associationType === "RESALE")).toBe(true);
    for (const c of customers) {
      expect(c.accountName).toMatch(/^[A-Za-z_-][A-Za-z0-9_-]{4,31}$/);
      if (c.managerAssignedAt) expect(c.managerAssignedAt >= c.associatedAt).toBe(true);
    }
  });

  it("gives the same ids for the same seed, and a larger world extends a smaller one", () => {
    const small = [...demoCustomers({ ...DEFAULT_DEMO, customers: 50 })];
    const large = [...demoCustomers({ ...DEFAULT_DEMO, customers: 500 })];
    expect(large.slice(0, 50)).toEqual(small);
    expect(demoPartners(1)).toEqual(demoPartners(1));
    expect(demoPartners(2)[0]!.id).not.toBe(demoPartners(1)[0]!.id);
  });

  it("draws distinct ids across hundreds of thousands of streams", () => {
    const ids = new Set(Array.from({ length: 300_000 }, (_, i) => new Random(`1:record:${i}`).uuid()));
    expect(ids.size).toBe(300_000);
    expect(new Random("x").uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("takes its size from flags and refuses nonsense", () => {
    expect(demoOptionsFrom({ customers: "5000", months: "12" })).toEqual({
      ...DEFAULT_DEMO,
      customers: 5000,
      months: 12,
    });
    expect(() => demoOptionsFrom({ customers: "many" })).toThrow(/--customers/);
    expect(() => demoOptionsFrom({ until: "2026-13" })).toThrow(/--until/);
    expect(demoCycles({ ...DEFAULT_DEMO, months: 3 })).toEqual(["2026-08", "2026-09", "2026-10"]);
  });
});
