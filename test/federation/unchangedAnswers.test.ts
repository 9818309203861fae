import type { ExecutionResult } from "graphql";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
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

/**
 * A plan of one fetch that asks the subgraph exactly the client's selection: an answer of data
 * alone goes out as the subgraph's bytes without being parsed; anything else in it, or anything
 * in the operation the shaping decides, and it is parsed and shaped as before. This subgraph
 * writes data first and compactly, as most servers do, so only a look at its keys tells.
 */
describe("answers passed on without parsing", () => {
  let graph: TestFederation;
  /** What the subgraph writes after its data (and errors), inside its answer. */
  let tail = "";
  const write = (result: ExecutionResult) =>
    JSON.stringify({ data: result.data, ...(result.errors ? { errors: result.errors } : {}) }).slice(0, -1) +
    tail +
    "}";
  beforeAll(async () => {
    graph = await startFederation([
      {
        name: "catalog",
        typeDefs: `type Query { label: String count: Int! level: Level failing: String item: Item }
                   enum Level { LOW HIGH SECRET @inaccessible }
                   type Item { a: Int b: String }`,
        resolvers: {
          Query: {
            label: () => "marker of the catalog",
            count: () => 7,
            level: () => "SECRET",
            failing: () => {
              throw new Error("no label today");
            },
            item: () => ({ a: 1, b: "marker of the item" }),
          },
        },
        write,
      },
    ]);
  });
  afterAll(() => graph.close());
  afterEach(() => {
    tail = "";
    vi.restoreAllMocks();
  });

  /** The answer's text, and how many times anything in this process parsed a text holding `marker`. */
  const answer = async (body: unknown, marker = "marker of the") => {
    const parse = vi.spyOn(JSON, "parse");
    const response = await fetch(graph.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const parses = parse.mock.calls.filter(([input]) => String(input).includes(marker)).length;
    parse.mockRestore();
    return { status: response.status, text, parses };
  };

  it("sends the subgraph's bytes and never parses them", async () => {
    const { text, parses } = await answer({ query: "query Catalog { label count item { a b } }" });
    expect(text).toBe('{"data":{"label":"marker of the catalog","count":7,"item":{"a":1,"b":"marker of the item"}}}');
    expect(parses).toBe(0);
  });

  it("parses an answer that names errors after its data, and the error reaches the client", async () => {
    const { text, parses } = await answer({ query: "query Failing { label failing }" });
    expect(parses).toBeGreaterThan(0);
    const body = JSON.parse(text) as { data: unknown; errors: { message: string; path: string[] }[] };
    expect(body.data).toEqual({ label: "marker of the catalog", failing: null });
    expect(body.errors).toMatchObject([{ message: "no label today", path: ["failing"] }]);
  });

  it("parses an answer with extensions after its data, which stay with the gateway", async () => {
    tail = ',"extensions":{"cost":1}';
    const { text } = await answer({ query: "query Catalog { label count }" });
    expect(text).toBe('{"data":{"label":"marker of the catalog","count":7}}');
  });

  it("parses an answer whose errors key is spelled with an escape: the gateway reports its errors", async () => {
    tail = ',"\\u0065rrors":[{"message":"no catalog today"}]';
    const { text, parses } = await answer({ query: "query Catalog { label count }" });
    expect(parses).toBeGreaterThan(0);
    expect(JSON.parse(text)).toEqual({
      data: { label: "marker of the catalog", count: 7 },
      errors: [
        { message: "no catalog today", extensions: { code: "DOWNSTREAM_SERVICE_ERROR", serviceName: "catalog" } },
      ],
    });
  });

  it("shapes what the shaping decides: a value clients do not see, a condition", async () => {
    const level = await answer({ query: "query Level { label level }" });
    expect(JSON.parse(level.text)).toMatchObject({
      data: { label: "marker of the catalog", level: null },
      errors: [{}],
    });
    const skipped = await answer({ query: "query Skipped { label count @skip(if: true) }" });
    expect(skipped.text).toBe('{"data":{"label":"marker of the catalog"}}');
  });

  it("parses a verbatim answer for a door that reads it: a batch", async () => {
    const { status, text } = await answer([{ query: "query A { count }" }, { query: "query B { label }" }], "7");
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual([{ data: { count: 7 } }, { data: { label: "marker of the catalog" } }]);
  });
});

describe("answers of several root fetches", () => {
  let graph: TestFederation;
  beforeAll(async () => {
    graph = await startFederation([
      { name: "left", typeDefs: `type Query { left: String }`, resolvers: { Query: { left: () => "from the left" } } },
      {
        name: "right",
        typeDefs: `type Query { right: String }`,
        resolvers: { Query: { right: () => "from the right" } },
        // An answer of data alone, null: it answers for its own field only.
        write: () => '{"data":null}',
      },
    ]);
  });
  afterAll(() => graph.close());

  it("merge each subgraph's part, whatever bytes one of them sent", async () => {
    const { status, body } = await graph.query("query Both { left right }");
    expect(status).toBe(200);
    expect(body).toEqual({ data: { left: "from the left", right: null } });
  });
});
