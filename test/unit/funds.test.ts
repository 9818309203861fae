import { describe, expect, it } from "vitest";
import { ruleOf } from "../helpers/refusal.js";
import { allocatedLineRefused, partnerPaidLineRefused } from "../../subgraphs/billing/consumptionLines.js";
import { allocatableFen, allocationRefused, assertResale, recoveryRefused } from "../../subgraphs/billing/funds.js";

describe("allocating and recovering funds", () => {
  it("is for resale customers only", () => {
    expect(ruleOf(() => assertResale({ associationType: "RESALE" }))).toBeNull();
    expect(ruleOf(() => assertResale({ associationType: "CONSULTING_SALES" }))).toBe("resale-only");
  });

  it("allocates at most the partner's cash minus its ring-fenced funds", () => {
    expect(allocatableFen({ cash: 100_000n, ringFenced: 25_050n })).toBe(74_950n);
    expect(allocatableFen(null)).toBe(0n);
    expect(allocationRefused({ cash: 100_000n, ringFenced: 25_050n }).extensions).toMatchObject({
      code: "PRECONDITION_FAILED",
      rule: "insufficient-partner-funds",
    });
    expect(allocationRefused(null).message).toBe(
      "Your partner can allocate at most 0.00 yuan now (cash minus ring-fenced funds).",
    );
  });

  it("recovers at most what is allocated and unspent", () => {
    const refused = recoveryRefused({ allocated: 12_345n });
    expect(refused.extensions).toMatchObject({ rule: "insufficient-allocated-funds" });
    expect(refused.message).toBe("At most 123.45 yuan allocated to this customer can be recovered.");
    expect(recoveryRefused(null).message).toContain("At most 0.00 yuan");
  });
});

describe("a consumption line drawing on the partner's money", () => {
  it("is refused when the partner's allocatable cash or the customer's allocation does not cover it", () => {
    expect(partnerPaidLineRefused().extensions).toMatchObject({ rule: "insufficient-partner-funds" });
    const refused = allocatedLineRefused({ allocated: 500n }, 1_200n);
    expect(refused.extensions).toMatchObject({ rule: "insufficient-allocated-funds" });
    expect(refused.message).toBe("The customer has 5.00 yuan of allocated funds left; the line needs 12.00.");
    expect(allocatedLineRefused(null, 1n).message).toContain("has 0.00 yuan");
  });
});
