import { describe, expect, it } from "vitest";
import { GraphQLError } from "graphql";
import { maskUnexpectedErrors } from "../../subgraphs/common/errorMasking.js";

const internal = (message: string) => ({ message, extensions: { code: "INTERNAL_SERVER_ERROR" } });

describe("masking unexpected errors", () => {
  it("codes an explicit null for a non-null argument with a default as the caller's input", () => {
    const message = 'Argument "limit" of non-null type "Int!" must not be null.';
    expect(maskUnexpectedErrors(internal(message), new GraphQLError(message)).extensions).toEqual({
      code: "BAD_USER_INPUT",
    });
  });

  it("masks any other uncoded error", () => {
    expect(maskUnexpectedErrors(internal("SQLITE_BUSY"), new Error("SQLITE_BUSY"))).toEqual({
      message: "Internal server error. Quote the request id when you report it.",
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
  });
});
