import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "../../subgraphs/common/pagination.js";

describe("cursors", () => {
  it("carry the order's name, the sort key and the id, and read back the same key", () => {
    const cursor = encodeCursor("ASSOCIATED_AT", ["2026-01-02T03:04:05.000Z", "c-1"]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/); // base64url: safe in a URL as it is
    expect(decodeCursor("after", cursor, "ASSOCIATED_AT")).toEqual(["2026-01-02T03:04:05.000Z", "c-1"]);
    expect(decodeCursor("after", encodeCursor("NAME", [0, "c-2"]), "NAME")).toEqual([0, "c-2"]);
  });

  it("refuse a cursor of another order, so a page never continues in the wrong sort", () => {
    const cursor = encodeCursor("NAME", [0, "c-1"]);
    expect(() => decodeCursor("after", cursor, "ASSOCIATED_AT")).toThrow(/not a cursor of this list in this order/);
  });

  it.each([
    ["not base64 JSON", "%%%"],
    ["JSON of the wrong shape", Buffer.from(JSON.stringify({ a: 1 })).toString("base64url")],
    ["a key of the wrong type", Buffer.from(JSON.stringify(["NAME", { x: 1 }, "c-1"])).toString("base64url")],
    ["an id that is not a string", Buffer.from(JSON.stringify(["NAME", 0, 7])).toString("base64url")],
    ["far too long", encodeCursor("NAME", ["x".repeat(600), "c-1"])],
  ])("refuse %s with BAD_USER_INPUT naming the argument", (_what, cursor) => {
    try {
      decodeCursor("before", cursor, "NAME");
      expect.unreachable();
    } catch (error) {
      expect((error as { extensions: Record<string, unknown> }).extensions).toEqual({
        code: "BAD_USER_INPUT",
        argument: "before",
      });
    }
  });
});
