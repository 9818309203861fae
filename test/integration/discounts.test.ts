import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customersOf, partners } from "../helpers/demo.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const [a, b, c] = partners as [(typeof partners)[0], (typeof partners)[0], (typeof partners)[0]];
const SET = `mutation($input: CustomerDiscountInput!) { setCustomerDiscount(input: $input) { rate effectiveFrom expiresAt } }`;

describe("per-customer discounts", () => {
  const consulting = customersOf(a).find((x) => x.associationType === "CONSULTING_SALES")!;
  const resale = customersOf(a).find((x) => x.associationType === "RESALE")!;
  const admin = { role: "admin", partner: a.id };

  it("sets, shows and removes a discount for a consulting-sales customer", async () => {
    const { data } = await graph.query(SET, {
      as: admin,
      variables: { input: { customerId: consulting.id, rate: "0.85", expiresAt: "2027-12-31T00:00:00Z" } },
    });
    expect(data!.setCustomerDiscount).toMatchObject({ rate: "0.85", expiresAt: "2027-12-31T00:00:00.000Z" });
    const shown = await graph.query(`{ customer(id: "${consulting.id}") { discount { rate } } }`, { as: admin });
    expect(shown.data!.customer.discount).toEqual({ rate: "0.85" });
    const removed = await graph.query(SET, {
      as: admin,
      variables: { input: { customerId: consulting.id, rate: "1.00" } },
    });
    expect(removed.data!.setCustomerDiscount).toBeNull();
    expect(
      (await graph.query(`{ customer(id: "${consulting.id}") { discount { rate } } }`, { as: admin })).data!.customer
        .discount,
    ).toBeNull();
  });

  it.each(["0.79", "1.01", "0.855", "85%"])("refuses the rate %s", async (rate) => {
    const { errors } = await graph.query(SET, { as: admin, variables: { input: { customerId: consulting.id, rate } } });
    expect(errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
  });

  it("refuses resale customers, and partners without the platform's permission", async () => {
    const forResale = await graph.query(SET, {
      as: admin,
      variables: { input: { customerId: resale.id, rate: "0.90" } },
    });
    expect(forResale.errors![0]!.extensions).toMatchObject({
      code: "PRECONDITION_FAILED",
      rule: "discount-not-for-resale",
    });
    const other = customersOf(c).find((x) => x.associationType === "CONSULTING_SALES")!;
    const noPermission = await graph.query(SET, {
      as: { role: "admin", partner: c.id },
      variables: { input: { customerId: other.id, rate: "0.90" } },
    });
    expect(noPermission.errors![0]!.extensions).toMatchObject({
      code: "PRECONDITION_FAILED",
      rule: "discount-permission",
    });
  });
});

describe("marketplace products", () => {
  const QUERY = `{ marketplaceProducts { id name listPrice { amount } discountRate customerPrice { amount } priceDifference { amount } } }`;

  it("shows a reseller's price difference, exact and rounded half up to the fen", async () => {
    const admin = { role: "admin", partner: a.id };
    const products = (await graph.query(QUERY, { as: admin })).data!.marketplaceProducts;
    const redis = products.find((p: { name: string }) => p.name.startsWith("Redis"));
    const { data } = await graph.query(
      `mutation { setProductDiscount(productId: "${redis.id}", rate: "0.87") { discountRate listPrice { amount } customerPrice { amount } priceDifference { amount } } }`,
      { as: admin },
    );
    // 899.50 × 0.87 = 782.565 → 782.57; difference 116.93.
    expect(data!.setProductDiscount).toEqual({
      discountRate: "0.87",
      listPrice: { amount: "899.50" },
      customerPrice: { amount: "782.57" },
      priceDifference: { amount: "116.93" },
    });
    for (const product of (await graph.query(QUERY, { as: admin })).data!.marketplaceProducts) {
      const cents = (x: { amount: string }) => BigInt(x.amount.replace(".", ""));
      expect(cents(product.customerPrice) + cents(product.priceDifference)).toBe(cents(product.listPrice));
    }
  });

  it("lets only resellers set product discounts", async () => {
    const products = (await graph.query(QUERY, { as: { role: "admin", partner: b.id } })).data!.marketplaceProducts;
    expect(products.every((p: { discountRate: string }) => p.discountRate === "1.00")).toBe(true);
    const { errors } = await graph.query(
      `mutation { setProductDiscount(productId: "${products[0].id}", rate: "0.90") { id } }`,
      { as: { role: "admin", partner: b.id } },
    );
    expect(errors![0]!.extensions).toMatchObject({ code: "PRECONDITION_FAILED", rule: "resellers-only" });
  });
});
