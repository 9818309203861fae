import { buildSchema, getOperationAST, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { conditionOf, ResponseShaper } from "../../gateway/engine/shape.js";

const schema = buildSchema(`
  type Query { shelf: Shelf, shelves: [Shelf!] }
  type Shelf { id: ID!, name: String, books: [Book!]! }
  type Book { title: String!, pages: Int }
`);

/** The shaped `data` of an answer for a query, and the shaper's errors. */
function shape(query: string, data: Record<string, unknown>, variables = {}, incremental = false) {
  const document = parse(query);
  const operation = getOperationAST(document)!;
  const shaper = new ResponseShaper(schema, document.definitions, conditionOf(operation, variables), incremental);
  return { data: shaper.shape(operation, data), errors: shaper.errors.map((e) => [e.message, e.path]) };
}

describe("the response shaper", () => {
  const answer = () => ({
    shelf: { id: "s1", name: "Tea", books: [{ title: "Cha Jing", pages: 40 }] },
  });

  it("answers with the merged answer's own objects and lists where they already are what was asked", () => {
    const input = answer();
    const { data } = shape(`{ shelf { id name books { title pages } } }`, input);
    expect(data).toBe(input);
    expect((data as typeof input).shelf.books).toBe(input.shelf.books);
  });

  it("copies where the answer differs, in the operation's order, and leaves the answer as it was", () => {
    const input = answer();
    const { data } = shape(`{ shelf { name books { pages title } } }`, input);
    expect(JSON.stringify(data)).toBe('{"shelf":{"name":"Tea","books":[{"pages":40,"title":"Cha Jing"}]}}');
    expect(input).toEqual(answer());
    // A key the planner added (here `id`, as a key for another subgraph) is left out.
    const aliased = shape(`{ shelf { label: name } }`, { shelf: { label: "Tea", id: "s1" } });
    expect(aliased.data).toEqual({ shelf: { label: "Tea" } });
  });

  it("leaves out what a variable skips, though the same operation without it answered with the object itself", () => {
    const query = `query($bare: Boolean!) { shelf { id name @skip(if: $bare) books { title pages } } }`;
    const input = answer();
    expect(shape(query, input, { bare: false }).data).toBe(input);
    expect(shape(query, answer(), { bare: true }).data).toEqual({
      shelf: { id: "s1", books: [{ title: "Cha Jing", pages: 40 }] },
    });
  });

  it("nulls the nearest nullable place above a null in a non-null one, with one error there", () => {
    const input = {
      shelves: [
        { id: "s1", books: [{ title: null }] },
        { id: "s2", books: [] },
      ],
    };
    const { data, errors } = shape(`{ shelves { id books { title } } }`, input);
    expect(data).toEqual({ shelves: null });
    expect(errors).toEqual([
      ["Cannot return null for non-nullable field Book.title.", ["shelves", 0, "books", 0, "title"]],
    ]);
    expect(input.shelves[0]!.books[0]!.title).toBeNull();
  });

  it("copies every object of an incremental answer's part: later parts merge into the answer", () => {
    const input = answer();
    const { data } = shape(`{ shelf { id name books { title pages } } }`, input, {}, true);
    expect(data).toEqual(input);
    expect(data).not.toBe(input);
    expect((data as typeof input).shelf).not.toBe(input.shelf);
  });
});
