import { Supergraph } from "@apollo/federation-internals";
import { buildSchema, getOperationAST, parse } from "graphql";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../common/paths.js";
import { DEFAULT_LIMITS, limitErrors, type OperationLimits } from "../../gateway/limits.js";
import { TOOL_INTROSPECTION_QUERIES } from "../helpers/introspectionQueries.js";

const schema = buildSchema(`
  type Query { customers(first: Int = 10): CustomerConnection!, months: [String!]!, staff: Staff }
  type CustomerConnection { edges: [Edge!]!, totalCount: Int! }
  type Edge { node: Customer! }
  type Customer { id: ID!, vouchers(first: Int): VoucherConnection!, tags: [String!]! }
  type VoucherConnection { edges: [VoucherEdge!]! }
  type VoucherEdge { node: Voucher! }
  type Voucher { id: ID! }
  type Staff { id: ID!, supervisor: Staff }
`);

const UNLIMITED: OperationLimits = {
  ...DEFAULT_LIMITS,
  maxDepth: Infinity,
  maxAliases: Infinity,
  maxDirectives: Infinity,
  maxCost: Infinity,
};

/**
 * What the walk finds for one limit, read from its refusal: that limit set just under the
 * expected figure (the walk stops counting past a limit), the others off.
 */
function measured(query: string, limit: "depth" | "aliases" | "directives" | "cost", expected: number, variables = {}) {
  const key = { depth: "maxDepth", aliases: "maxAliases", directives: "maxDirectives", cost: "maxCost" }[limit];
  const document = parse(query);
  const errors = limitErrors(
    schema,
    document,
    getOperationAST(document)!,
    { ...UNLIMITED, [key]: expected - 1 },
    variables,
  );
  return errors.find((e) => e.extensions.limit === limit)?.extensions.actual;
}

describe("operation limits", () => {
  it("count depth through fragments and inline fragments, which add no level of their own", () => {
    const query = `{ staff { ...S } } fragment S on Staff { supervisor { ... on Staff { supervisor { id } } } }`;
    expect(measured(query, "depth", 4)).toBe(4);
  });

  it("count aliases and directives wherever they are, fragments included", () => {
    const query = `query @skip(if: false) { a: staff { b: id @include(if: true) } ...F } fragment F on Query { c: months }`;
    expect(measured(query, "aliases", 3)).toBe(3);
    expect(measured(query, "directives", 2)).toBe(2);
  });

  it("cost a field 1, times the page sizes above it, from literals, variables or the argument's default", () => {
    // customers(first: 5): 1 + edges 5 + node 5 + id 5, vouchers(first: 3) under each node: 5 + 15 + 15 + 15.
    const page = `{ customers(first: 5) { edges { node { id vouchers(first: 3) { edges { node { id } } } } } } }`;
    expect(measured(page, "cost", 66)).toBe(66);
    expect(measured(`query($n: Int) { customers(first: $n) { totalCount } }`, "cost", 51, { n: 50 })).toBe(51);
    // No argument: the default of 10; an unpaged list counts 10 too.
    expect(measured(`{ customers { totalCount } }`, "cost", 11)).toBe(11);
    expect(measured(`{ months staff { id } }`, "cost", 3)).toBe(3);
    expect(measured(`{ customers(first: 2) { edges { node { tags } } } }`, "cost", 7)).toBe(7);
  });

  it("refuse with BAD_USER_INPUT naming the limit, its maximum and the actual figure", () => {
    const document = parse(`{ staff { supervisor { supervisor { id } } } }`);
    const [error] = limitErrors(schema, document, getOperationAST(document)!, { ...DEFAULT_LIMITS, maxDepth: 3 }, {});
    expect(error!.extensions).toEqual({ code: "BAD_USER_INPUT", limit: "depth", max: 3, actual: 4 });
    expect(error!.message).toMatch(/nests selections too deeply \(4\); the limit is 3/);
  });

  it("check an operation that passed once again when a variable sets its page size, and skip it otherwise", () => {
    const limits = { ...DEFAULT_LIMITS, maxCost: 100 };
    const check = (query: ReturnType<typeof parse>, variables: Record<string, unknown>) =>
      limitErrors(schema, query, getOperationAST(query)!, limits, variables).map((e) => e.extensions.limit);
    // The same parsed operation (the graph keeps one per text), first within the limit, then not.
    const byVariable = parse(`query($n: Int) { customers(first: $n) { edges { node { id } } } }`);
    expect(check(byVariable, { n: 5 })).toEqual([]);
    expect(check(byVariable, { n: 500 })).toEqual(["cost"]);
    // A literal page size costs the same every time: the second request is not walked again.
    const literal = parse(`{ customers(first: 5) { edges { node { id } } } }`);
    expect(check(literal, {})).toEqual([]);
    expect(check(literal, {})).toEqual([]);
    expect(limitErrors(schema, literal, getOperationAST(literal)!, { ...limits, maxCost: 1 }, {})).toHaveLength(1);
  });

  it("stop walking a fragment spread inside itself (a validation error of its own) instead of looping", () => {
    expect(measured(`{ staff { ...S } } fragment S on Staff { supervisor { ...S } }`, "depth", 3)).toBe(3);
  });

  describe("on the graph's own API schema, with the default limits", () => {
    const api = Supergraph.build(readFileSync(join(PROJECT_ROOT, "schema", "supergraph.graphql"), "utf8"))
      .apiSchema()
      .toGraphQLJSSchema();
    const defaults = (query: string) => {
      const document = parse(query);
      return limitErrors(api, document, getOperationAST(document)!, DEFAULT_LIMITS, {});
    };

    it.each(Object.entries(TOOL_INTROSPECTION_QUERIES))("admit the introspection query of %s", (_tool, query) => {
      expect(defaults(query)).toEqual([]);
    });

    it("still count aliases inside introspection: the schema cannot be asked for many times over", () => {
      const copies = Array.from({ length: 31 }, (_, i) => `t${i}: types { name }`).join(" ");
      expect(defaults(`{ __schema { ${copies} } }`)[0]!.extensions).toMatchObject({ limit: "aliases", actual: 31 });
    });
  });
});
