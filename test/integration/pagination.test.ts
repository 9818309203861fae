import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customersOf, partners } from "../helpers/demo.js";
import { sql, startGraph, type GraphQLResponse, type TestGraph } from "../helpers/graph.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const partner = partners[0]!;
const admin = { role: "admin", partner: partner.id };
type Edge = { cursor: string; node: { id: string } };

async function walkByCursor(
  args: string,
  pageSize: number,
  direction: "forward" | "backward" = "forward",
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const paging =
      direction === "forward" ? `first: ${pageSize}, after: $cursor` : `last: ${pageSize}, before: $cursor`;
    const { data, errors }: GraphQLResponse = await graph.query(
      `query($cursor: String) { customers(${paging} ${args}) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
      { as: admin, variables: { cursor: cursor as string | null } },
    );
    expect(errors).toBeUndefined();
    const {
      edges,
      pageInfo,
    }: {
      edges: Edge[];
      pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string };
    } = data!.customers;
    const pageIds = edges.map((e: Edge) => e.node.id);
    if (direction === "forward") {
      ids.push(...pageIds);
      expect(pageInfo.hasPreviousPage).toBe(cursor !== null);
      if (!pageInfo.hasNextPage) return ids;
      cursor = pageInfo.endCursor;
    } else {
      ids.unshift(...pageIds);
      expect(pageInfo.hasNextPage).toBe(cursor !== null);
      if (!pageInfo.hasPreviousPage) return ids;
      cursor = pageInfo.startCursor;
    }
  }
  throw new Error("walked 100 pages without reaching the end");
}

async function walkByOffset(args: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += limit) {
    const { data, errors } = await graph.query(
      `{ customersPage(offset: ${offset}, limit: ${limit} ${args}) { totalCount items { id } } }`,
      { as: admin },
    );
    expect(errors).toBeUndefined();
    ids.push(...data!.customersPage.items.map((c: { id: string }) => c.id));
    if (offset + limit >= data!.customersPage.totalCount) return ids;
  }
}

describe("pagination", () => {
  const orders = [
    "",
    ", orderBy: { field: NAME, direction: ASC }",
    ", orderBy: { field: ACCOUNT_NAME, direction: DESC }",
    ", filter: { associationType: RESALE }, orderBy: { field: ASSOCIATED_AT, direction: ASC }",
  ];

  it.each(orders)("walks the same records in the same order by cursor, backwards and by offset (%s)", async (args) => {
    const forward = await walkByCursor(args, 7);
    const backward = await walkByCursor(args, 6, "backward");
    const byOffset = await walkByOffset(args, 9);
    expect(new Set(forward).size).toBe(forward.length);
    expect(backward).toEqual(forward);
    expect(byOffset).toEqual(forward);
    if (args === "") expect(forward).toHaveLength(customersOf(partner).length);
  });

  it("follows the original API's offset: limit 10 offset 1 returns records 2 to 10", async () => {
    const { data } = await graph.query(
      `{ all: customersPage(limit: 10) { items { id } } shifted: customersPage(offset: 1, limit: 10) { offset limit items { id } } defaults: customersPage { offset limit } }`,
      { as: admin },
    );
    expect(data!.shifted.items.slice(0, 9)).toEqual(data!.all.items.slice(1));
    expect(data!.defaults).toEqual({ offset: 0, limit: 10 });
  });

  it("keeps a masked name out of its cursor", async () => {
    const { data } = await graph.query(
      `{ customers(first: 3, orderBy: { field: NAME }) { edges { cursor node { name(reveal: true) } } } }`,
      { as: admin },
    );
    for (const { cursor, node } of data!.customers.edges) {
      expect(Buffer.from(cursor, "base64url").toString("utf8")).not.toContain(node.name);
    }
  });

  it("continues from a cursor after records are inserted before it and its own record leaves", async () => {
    const query = `query($after: String) { customers(first: 4, after: $after, orderBy: { field: ASSOCIATED_AT, direction: ASC }) { edges { cursor node { id } } pageInfo { endCursor } } }`;
    const before = await walkByCursor(", orderBy: { field: ASSOCIATED_AT, direction: ASC }", 50);
    const page1 = await graph.query(query, { as: admin });
    const last = page1.data!.customers.edges.at(-1).node.id;
    const db = graph.subgraphs.customers.db;
    // A customer associated long ago lands before the cursor; the cursor's own customer dissociates.
    await sql(
      db,
      `INSERT INTO customers (id, real_name, account_name, customer_type, new_customer_tag) VALUES ('inserted-1', '新插入客户', 'inserted_one', 'ENTERPRISE', 'NO')`,
    );
    await sql(
      db,
      `INSERT INTO associations (id, customer_id, partner_id, association_type, source, associated_at) VALUES ('a-inserted-1', 'inserted-1', ?, 'RESALE', 'PARTNER_API', '2015-01-01T00:00:00.000Z')`,
      [partner.id],
    );
    await sql(db, `UPDATE associations SET ended_at = '2026-11-01T00:00:00.000Z' WHERE customer_id = ?`, [last]);
    try {
      const page2 = await graph.query(query, {
        as: admin,
        variables: { after: page1.data!.customers.pageInfo.endCursor },
      });
      expect(page2.data!.customers.edges.map((e: Edge) => e.node.id)).toEqual(before.slice(4, 8));
    } finally {
      await sql(db, `UPDATE associations SET ended_at = NULL WHERE customer_id = ?`, [last]);
      await sql(db, `DELETE FROM associations WHERE id = 'a-inserted-1'`);
      await sql(db, `DELETE FROM customers WHERE id = 'inserted-1'`);
    }
  });

  it("counts pages of 0 and answers totalCount across all pages", async () => {
    const { data } = await graph.query(
      `{ customers(first: 0) { totalCount edges { cursor } pageInfo { hasNextPage } } }`,
      { as: admin },
    );
    expect(data!.customers).toEqual({
      totalCount: customersOf(partner).length,
      edges: [],
      pageInfo: { hasNextPage: true },
    });
  });

  const cursorOfAnotherOrder = Buffer.from(JSON.stringify(["NAME:ASC", 0, "x"])).toString("base64url");
  it.each([
    ['customers(first: 5, after: "not-a-cursor")', "after"],
    [`customers(last: 5, before: "${Buffer.from("[1,2]").toString("base64url")}")`, "before"],
    [`customers(first: 5, after: "${cursorOfAnotherOrder}")`, "after"],
    ["customers(first: -1)", "first"],
    ["customers(first: 101)", "first"],
    ["customers(last: 500)", "last"],
    ["customers(first: 5, last: 5)", "first"],
    ["customersPage(offset: -1)", "offset"],
    ["customersPage(limit: 101)", "limit"],
    ["customersPage(limit: -3)", "limit"],
  ])("refuses %s with BAD_USER_INPUT naming %s", async (field, argument) => {
    const { data, errors } = await graph.query(`{ ${field} { totalCount } }`, { as: admin });
    expect(data ?? null).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument });
    expect(errors![0]!.message).toContain(argument);
  });

  it("answers null for an unknown id and for another partner's customer", async () => {
    const foreign = customersOf(partners[1]!)[0]!.id;
    const own = customersOf(partner)[0]!.id;
    const { data, errors } = await graph.query(
      `{ unknown: customer(id: "no-such-customer") { id } foreign: customer(id: "${foreign}") { id } own: customer(id: "${own}") { id } }`,
      { as: admin },
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({ unknown: null, foreign: null, own: { id: own } });
  });
});
