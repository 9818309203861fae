import { describe, expect, it } from "vitest";
import { refusal, ruleOf } from "../helpers/refusal.js";
import {
  assertDiscountPermission,
  assertNotResale,
  assertReseller,
  basisPoints,
  discounted,
  MIN_CUSTOMER_RATE,
  MIN_PRODUCT_RATE,
  rateOf,
} from "../../subgraphs/billing/discounts.js";

describe("a discount rate", () => {
  it("is 0.01 steps from its minimum to 1.00, in basis points", () => {
    expect(basisPoints("input.rate", "0.85", MIN_CUSTOMER_RATE)).toBe(8_500);
    expect(basisPoints("input.rate", "0.8", MIN_CUSTOMER_RATE)).toBe(8_000);
    expect(basisPoints("rate", "1", MIN_PRODUCT_RATE)).toBe(10_000);
    expect(basisPoints("rate", "0.50", MIN_PRODUCT_RATE)).toBe(5_000);
    for (const [rate, min] of [
      ["0.79", MIN_CUSTOMER_RATE],
      ["0.49", MIN_PRODUCT_RATE],
      ["1.01", MIN_PRODUCT_RATE],
      ["0.855", MIN_PRODUCT_RATE],
      ["85%", MIN_PRODUCT_RATE],
    ] as const)
      expect(refusal(() => basisPoints("rate", rate, min))).toMatchObject({ code: "BAD_USER_INPUT", argument: "rate" });
    expect(() => basisPoints("input.rate", "0.5", MIN_CUSTOMER_RATE)).toThrow(
      'input.rate must be between 0.80 and 1.00 with at most 2 decimals; got "0.5".',
    );
  });

  it("reads back as a decimal and prices half up to the fen", () => {
    expect(rateOf(8_500)).toBe("0.85");
    expect(rateOf(10_000)).toBe("1.00");
    expect(discounted(999n, 8_500)).toBe(849n); // 849.15
    expect(discounted(1_001n, 5_000)).toBe(501n); // 500.5 rounds up
    expect(discounted(12_345n, 10_000)).toBe(12_345n);
  });
});

describe("a per-customer discount", () => {
  it("needs the platform's permission", () => {
    expect(ruleOf(() => assertDiscountPermission({ discountPermission: true }))).toBeNull();
    expect(ruleOf(() => assertDiscountPermission({ discountPermission: false }))).toBe("discount-permission");
    expect(ruleOf(() => assertDiscountPermission(null))).toBe("discount-permission");
  });

  it("is for consulting-sales customers only", () => {
    expect(ruleOf(() => assertNotResale({ associationType: "CONSULTING_SALES" }))).toBeNull();
    expect(ruleOf(() => assertNotResale({ associationType: "RESALE" }))).toBe("discount-not-for-resale");
  });
});

describe("a marketplace product discount", () => {
  it("is set by cloud resellers only", () => {
    expect(ruleOf(() => assertReseller("RESELLER"))).toBeNull();
    expect(ruleOf(() => assertReseller("SOLUTION_PROVIDER"))).toBe("resellers-only");
  });
});
