import {
  Kind,
  parse,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  type OperationDefinitionNode,
  type FieldNode,
} from "graphql";
import { describe, expect, it } from "vitest";
import { selects } from "../../subgraphs/common/selection.js";

/** The resolve info of the first field of the query's first field (`consumption` below), as graphql-js hands it over. */
function infoOf(query: string): GraphQLResolveInfo {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const customer = operation.selectionSet.selections[0] as FieldNode;
  const fieldNodes = customer.selectionSet!.selections.filter(
    (s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === "consumption",
  );
  return { fieldNodes, fragments } as unknown as GraphQLResolveInfo;
}

describe("selects", () => {
  const BREAKDOWNS = ["byMonth", "byServiceType"];

  it("sees a subfield asked directly, in an inline fragment or in a named one", () => {
    expect(selects(infoOf(`{ customer { consumption { total { amount } byMonth { billCycle } } } }`), BREAKDOWNS)).toBe(
      true,
    );
    expect(
      selects(
        infoOf(
          `{ customer { consumption { total { amount } ... on ConsumptionSummary { byServiceType { serviceType } } } } }`,
        ),
        BREAKDOWNS,
      ),
    ).toBe(true);
    expect(
      selects(
        infoOf(
          `{ customer { consumption { ...Parts } } } fragment Parts on ConsumptionSummary { ... { byMonth { billCycle } } }`,
        ),
        BREAKDOWNS,
      ),
    ).toBe(true);
  });

  it("sees it in any of the field's nodes (the same field asked twice)", () => {
    expect(
      selects(
        infoOf(`{ customer { consumption { total { amount } } consumption { byMonth { billCycle } } } }`),
        BREAKDOWNS,
      ),
    ).toBe(true);
  });

  it("does not see what is not asked", () => {
    expect(
      selects(infoOf(`{ customer { consumption { total { amount } officialTotal { amount } } } }`), BREAKDOWNS),
    ).toBe(false);
    expect(
      selects(
        infoOf(
          `{ customer { consumption { ...Parts } } } fragment Parts on ConsumptionSummary { countedFrom total { amount } }`,
        ),
        BREAKDOWNS,
      ),
    ).toBe(false);
  });
});
