import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFederation, type TestFederation, type TestSubgraph } from "./federation.js";

/**
 * How the gateway builds a response from subgraph answers: abstract types and fragments, aliases,
 * `__typename`, `@skip`/`@include` with variables and their defaults, a subgraph's error moved
 * to where the client sees it, and a null in a non-null position making its parent null.
 */
const KEEPERS: Record<string, object | Error> = {
  s1: { __typename: "Person", name: "Lin", age: 61 },
  s2: { __typename: "Robot", name: "R-7", model: "shelver" },
  s3: new Error("the keeper of s3 is away"),
};

const subgraphs: TestSubgraph[] = [
  {
    name: "shelves",
    typeDefs: `type Query { shelves: [Shelf] }  type Shelf @key(fields: "id") { id: ID! }`,
    resolvers: { Query: { shelves: () => ["s1", "s2", "s3"].map((id) => ({ id })) } },
  },
  {
    name: "keepers",
    typeDefs: `
      type Shelf @key(fields: "id") { id: ID! keeper: Keeper! }
      interface Keeper { name: String! }
      type Person implements Keeper { name: String! age: Int }
      type Robot implements Keeper { name: String! model: String }`,
    resolvers: {
      Shelf: {
        __resolveReference: (shelf: { id: string }) => shelf,
        keeper: (shelf: { id: string }) => {
          const keeper = KEEPERS[shelf.id];
          if (keeper instanceof Error) throw keeper;
          return keeper;
        },
      },
      Keeper: { __resolveType: (keeper: { __typename: string }) => keeper.__typename },
    },
  },
];

describe("responses built from subgraph answers", () => {
  let graph: TestFederation;
  beforeAll(async () => (graph = await startFederation(subgraphs)));
  afterAll(() => graph.close());

  const QUERY = `query Shelves($withAge: Boolean = true, $noModel: Boolean!) {
    shelves {
      id
      kind: __typename
      keeper {
        __typename
        name
        ... on Person { age @include(if: $withAge) }
        ...robot @skip(if: $noModel)
      }
    }
  }
  fragment robot on Robot { model }`;

  it("shapes fragments, aliases and directives, and nulls the shelf whose keeper failed, with the error at its path", async () => {
    const { status, body } = await graph.query(QUERY, { noModel: false });
    expect(status).toBe(200);
    expect(body.data).toEqual({
      shelves: [
        { id: "s1", kind: "Shelf", keeper: { __typename: "Person", name: "Lin", age: 61 } },
        { id: "s2", kind: "Shelf", keeper: { __typename: "Robot", name: "R-7", model: "shelver" } },
        null,
      ],
    });
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({
      message: "the keeper of s3 is away",
      path: ["shelves", 2, "keeper"],
      extensions: { serviceName: "keepers" },
    });
  });

  it("leaves out what the variables skip", async () => {
    const { body } = await graph.query(QUERY, { withAge: false, noModel: true });
    const [lin, robot] = body.data!.shelves as { keeper: object }[];
    expect(lin.keeper).toEqual({ __typename: "Person", name: "Lin" });
    expect(robot.keeper).toEqual({ __typename: "Robot", name: "R-7" });
  });

  it("asks each subgraph for one batch of entities, not one call per shelf", async () => {
    const before = graph.received.keepers.length;
    await graph.query(`{ shelves { keeper { name } } }`);
    expect(graph.received.keepers.length - before).toBe(1);
    expect(graph.received.keepers.at(-1)!.variables).toMatchObject({
      representations: [
        { __typename: "Shelf", id: "s1" },
        { __typename: "Shelf", id: "s2" },
        { __typename: "Shelf", id: "s3" },
      ],
    });
  });
});
