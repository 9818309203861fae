import { buildSchema, parse, print } from "graphql";
import { describe, expect, it } from "vitest";
import { AFTER, RESUME, resumableSubscription } from "../../gateway/resumable.js";

const schema = buildSchema(`
  type Query { ok: Boolean }
  type Subscription { approvalResults(after: String, kinds: [String!]): Result!, ticks: Tick! }
  type Result { id: ID!, cursor: String! }
  type Tick { at: String! }
`);

describe("the subscription rewrite", () => {
  it("selects the cursor under a reserved alias and takes `after` from a variable the gateway sets", () => {
    const stream = resumableSubscription(
      schema,
      parse(`subscription { approvalResults(kinds: ["SWITCH"]) { id } }`),
      undefined,
      {},
    );
    expect(stream).toMatchObject({
      field: "approvalResults",
      responseKey: "approvalResults",
      resumable: true,
      after: null,
    });
    expect(print(stream.document)).toBe(
      `subscription ($${AFTER}: String) {\n  approvalResults(kinds: ["SWITCH"], after: $${AFTER}) {\n    id\n    ${RESUME}: cursor\n  }\n}`,
    );
  });

  it("takes the client's own `after`, from a literal or a variable, as where the replay starts", () => {
    const literal = resumableSubscription(
      schema,
      parse(`subscription { approvalResults(after: "c-1") { id } }`),
      undefined,
      {},
    );
    expect(literal.after).toBe("c-1");
    expect(print(literal.document)).not.toContain(`"c-1"`);
    const variable = parse(`subscription S($from: String) { results: approvalResults(after: $from) { id } }`);
    const fromVariable = resumableSubscription(schema, variable, "S", { from: "c-2" });
    expect(fromVariable).toMatchObject({ after: "c-2", field: "approvalResults", responseKey: "results" });
  });

  it("leaves a subscription without `after` and `cursor` as it was sent", () => {
    const document = parse(`subscription { ticks { at } }`);
    const stream = resumableSubscription(schema, document, undefined, {});
    expect(stream).toMatchObject({ resumable: false, after: null, field: "ticks" });
    expect(stream.document).toBe(document);
  });

  it("streams a subscription spread from a fragment as it is, finding its field", () => {
    const document = parse(`subscription { ...R } fragment R on Subscription { approvalResults { id } }`);
    expect(resumableSubscription(schema, document, undefined, {})).toMatchObject({
      resumable: false,
      field: "approvalResults",
      document,
    });
  });
});
