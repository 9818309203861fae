import { Client, fetchExchange } from "@urql/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFederation, type TestFederation, type TestSubgraph } from "./federation.js";

/**
 * `@defer` where its parts are hard to place: a deferred fragment on one member of an abstract
 * type (it belongs only at the places whose object is of that type), and defers nested in one
 * another across two subgraphs. urql merges the parts as an application sees them; the parts
 * themselves are read from Server-Sent Events.
 */
const KEEPERS: Record<string, object> = {
  s1: { __typename: "Person", name: "Lin", age: 61 },
  s2: { __typename: "Robot", name: "R-7", model: "shelver" },
  s3: { __typename: "Person", name: "Mo", age: 28 },
};

const subgraphs: TestSubgraph[] = [
  {
    name: "shelves",
    typeDefs: `type Query { shelves: [Shelf] }  type Shelf @key(fields: "id") { id: ID! label: String }`,
    resolvers: {
      Query: { shelves: () => ["s1", "s2", "s3"].map((id) => ({ id, label: `shelf ${id}` })) },
      Shelf: { __resolveReference: (shelf: { id: string }) => ({ ...shelf, label: `shelf ${shelf.id}` }) },
    },
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
        keeper: (shelf: { id: string }) => KEEPERS[shelf.id],
      },
      Keeper: { __resolveType: (keeper: { __typename: string }) => keeper.__typename },
    },
  },
];

interface Part {
  data?: Record<string, unknown>;
  hasNext: boolean;
  incremental?: { data: Record<string, unknown>; path: (string | number)[]; label?: string }[];
}

describe("@defer across subgraphs", () => {
  let graph: TestFederation;
  beforeAll(async () => (graph = await startFederation(subgraphs)));
  afterAll(() => graph.close());

  /** The parts as they arrived over Server-Sent Events. */
  const partsOf = async (query: string): Promise<Part[]> => {
    const response = await fetch(graph.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ query }),
    });
    return (await response.text())
      .split("\n")
      .filter((line) => line.startsWith("data: {"))
      .map((line) => JSON.parse(line.slice(6)) as Part);
  };

  /** What urql shows once the last part merged. */
  const merged = (query: string) =>
    new Promise<unknown>((resolve, reject) => {
      const client = new Client({ url: graph.url, exchanges: [fetchExchange], preferGetMethod: false });
      const { unsubscribe } = client.query(query, {}).subscribe((result) => {
        if (result.error) reject(result.error);
        if (result.hasNext) return;
        resolve(result.data);
        setTimeout(() => unsubscribe());
      });
    });

  const withoutDefer = (query: string) => query.replace(/@defer\(label: "\w+"\)/g, "");
  const whole = async (query: string) => (await graph.query(withoutDefer(query))).body.data;

  it("places a fragment deferred on one member of an interface only where the object is of that type", async () => {
    const query = `{ shelves { id keeper { __typename name ... on Person @defer(label: "age") { age } } } }`;
    const parts = await partsOf(query);
    expect(parts[0]!.hasNext).toBe(true);
    const primary = parts[0]!.data!.shelves as { keeper: Record<string, unknown> }[];
    expect(primary.map((shelf) => shelf.keeper)).toEqual([
      { __typename: "Person", name: "Lin" },
      { __typename: "Robot", name: "R-7" },
      { __typename: "Person", name: "Mo" },
    ]);
    const incremental = parts.slice(1).flatMap((part) => part.incremental ?? []);
    expect(incremental.map((item) => [item.path, item.data.age, item.label])).toEqual([
      [["shelves", 0, "keeper"], 61, "age"],
      [["shelves", 2, "keeper"], 28, "age"],
    ]);
    expect(parts.at(-1)!.hasNext).toBe(false);
    expect(await merged(query)).toEqual(await whole(query));
  });

  it("delivers defers nested in one another, the outer part before the inner one", async () => {
    const query = `{ shelves { id ... @defer(label: "outer") { label keeper { name ... on Person @defer(label: "inner") { age } } } } }`;
    const parts = await partsOf(query);
    expect(parts[0]!.data).toEqual({ shelves: [{ id: "s1" }, { id: "s2" }, { id: "s3" }] });
    const labels = parts.slice(1).flatMap((part) => (part.incremental ?? []).map((item) => item.label));
    expect(labels.lastIndexOf("outer")).toBeLessThan(labels.indexOf("inner"));
    const inner = parts.flatMap((part) => part.incremental ?? []).filter((item) => item.label === "inner");
    expect(inner.map((item) => item.path)).toEqual([
      ["shelves", 0, "keeper"],
      ["shelves", 2, "keeper"],
    ]);
    expect(parts.at(-1)!.hasNext).toBe(false);
    expect(await merged(query)).toEqual(await whole(query));
  });
});
