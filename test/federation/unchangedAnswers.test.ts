import type { ExecutionResult } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFederation, type TestFederation } from "./federation.js";

/**
 * An answer that is one subgraph's answer unchanged (one fetch, shaped as it came) goes out as
 * that subgraph's bytes; any difference (a field the client did not ask for, extensions) and the
 * gateway encodes its own. The subgraph writes JSON with spaces and a trailing zero that
 * JSON.stringify would not write, so the bytes show whose they are.
 */
describe("answers passed on unchanged", () => {
  let graph: TestFederation;
  let written = "";
  const write = (result: ExecutionResult) => {
    const answer = result.data?.nested ? { ...result, extensions: { cost: 1 } } : result;
    written = JSON.stringify(answer, null, 1).replace('"n": 1.5', '"n": 1.50');
    return written;
  };
  beforeAll(async () => {
    graph = await startFederation([
      {
        name: "greetings",
        typeDefs: `type Query { greeting: String n: Float nested: Item thing: Thing }
                   interface Thing { a: Int }
                   type Item implements Thing { a: Int b: Int }`,
        resolvers: {
          Query: {
            greeting: () => "héllo",
            n: () => 1.5,
            nested: () => ({ a: 1, b: 2 }),
            thing: () => ({ a: 3, b: 4 }),
          },
          Thing: { __resolveType: () => "Item" },
        },
        write,
      },
    ]);
  });
  afterAll(() => graph.close());

  const answerText = async (query: string) => {
    const response = await fetch(graph.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query }),
    });
    expect(response.status).toBe(200);
    return response.text();
  };

  it("writes the subgraph's bytes when the answer is the subgraph's", async () => {
    const text = await answerText("query Greeting { greeting n }");
    expect(text).toBe(written);
    expect(text).toContain('"n": 1.50');
    expect(JSON.parse(text)).toEqual({ data: { greeting: "héllo", n: 1.5 } });
  });

  it("encodes its own answer when the subgraph's holds more than data", async () => {
    expect(await answerText("query Nested { nested { a b } }")).toBe('{"data":{"nested":{"a":1,"b":2}}}');
  });

  it("encodes its own answer when the shaping drops what the client did not ask for", async () => {
    // The planner asks the subgraph for the abstract field's __typename too.
    expect(await answerText("query Thing { thing { ... on Item { b } } }")).toBe('{"data":{"thing":{"b":4}}}');
    expect(written).toContain("__typename");
  });
});

describe("answers of several fetches", () => {
  let graph: TestFederation;
  beforeAll(async () => {
    graph = await startFederation([
      {
        name: "items",
        typeDefs: `type Query { item: Item } type Item @key(fields: "id") { id: ID! }`,
        resolvers: { Query: { item: () => ({ id: "1" }) } },
        // The first fetch's answer in a formatting of its own, as in the tests above.
        write: (result) => JSON.stringify(result, null, 1),
      },
      {
        name: "details",
        typeDefs: `type Item @key(fields: "id") { id: ID! extra: String }`,
        resolvers: { Item: { __resolveReference: ({ id }: { id: string }) => ({ id, extra: `extra of ${id}` }) } },
      },
    ]);
  });
  afterAll(() => graph.close());

  it("are the gateway's own, though the first fetch's objects are those the client gets", async () => {
    // The entity fetch merges `extra` into the first fetch's object, which then already reads as
    // the client asked: the shaping keeps it, but it is no longer the first subgraph's answer.
    const response = await fetch(graph.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "query Item { item { __typename id extra } }" }),
    });
    expect(await response.text()).toBe('{"data":{"item":{"__typename":"Item","id":"1","extra":"extra of 1"}}}');
  });
});
