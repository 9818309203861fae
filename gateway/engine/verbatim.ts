import {
  getNamedType,
  isEnumType,
  isObjectType,
  isLeafType,
  Kind,
  parse,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import type { QueryPlan } from "./plan.js";

/**
 * Whether a plan's one subgraph answer, when it holds data alone, is the client's answer as it
 * stands, so that it need not be parsed and shaped: the plan is one fetch at the root, and the
 * subgraph is asked exactly the client's selection. Then the subgraph's own execution, on the
 * schema the supergraph was composed from, has made the answer the gateway's shaping would make
 * (what that trusts: `unchangedAnswers.ts`): the same response keys in the same order, nulls
 * where its schema allows them (a field nullable in one subgraph is nullable in the supergraph),
 * leaves serialised by their types. What the shaping could still change rules a plan out:
 *
 * - fragments, directives (`@skip`, `@include`) and `__typename`, which the shaping decides;
 * - abstract types (the planner adds `__typename`, the shaping drops it);
 * - enums with values clients do not see (`@inaccessible`), which the shaping turns into errors;
 * - output rewrites, and anything but a lone root fetch.
 */
export function answersVerbatim(
  plan: QueryPlan,
  operation: OperationDefinitionNode,
  /** The API schema: what clients see. */
  schema: GraphQLSchema,
  /** The supergraph's schema: what subgraphs may answer. */
  supergraphSchema: GraphQLSchema,
): boolean {
  const fetch = plan.node;
  if (fetch?.kind !== "Fetch" || fetch.requires || fetch.outputRewrites?.length) return false;
  const root = schema.getRootType(operation.operation);
  const asked = parse(fetch.operation, { noLocation: true }).definitions[0];
  if (!root || asked?.kind !== Kind.OPERATION_DEFINITION) return false;
  return sameSelections(operation.selectionSet, asked.selectionSet, root, supergraphSchema);
}

function sameSelections(
  client: SelectionSetNode,
  subgraph: SelectionSetNode,
  type: GraphQLObjectType,
  supergraphSchema: GraphQLSchema,
): boolean {
  if (client.selections.length !== subgraph.selections.length) return false;
  return client.selections.every((selection, index) => {
    const asked = subgraph.selections[index]!;
    if (selection.kind !== Kind.FIELD || asked.kind !== Kind.FIELD || selection.directives?.length) return false;
    const key = selection.alias?.value ?? selection.name.value;
    if (key !== (asked.alias?.value ?? asked.name.value) || selection.name.value !== asked.name.value) return false;
    const field = type.getFields()[selection.name.value];
    if (!field) return false; // __typename, or a field the client cannot ask for
    const named = getNamedType(field.type);
    if (isLeafType(named)) {
      if (selection.selectionSet || asked.selectionSet) return false;
      const everyValue = supergraphSchema.getType(named.name);
      return (
        !isEnumType(named) || (isEnumType(everyValue) && everyValue.getValues().length === named.getValues().length)
      );
    }
    return (
      isObjectType(named) &&
      !!selection.selectionSet &&
      !!asked.selectionSet &&
      sameSelections(selection.selectionSet, asked.selectionSet, named, supergraphSchema)
    );
  });
}
