import {
  execute,
  Kind,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from "graphql";

/** The root fields that ask about the schema itself rather than the graph's data. */
const SCHEMA_FIELDS = new Set(["__schema", "__type"]);

/**
 * An operation's root fields in two documents: those that ask about the schema (`__schema`,
 * `__type`), which graphql-js answers from the gateway's API schema, and the rest, which the
 * query planner sends to the subgraphs. Apollo's planner knows an older introspection schema
 * (no `isOneOf`): a tool's standard introspection query must never reach it.
 */
export interface SplitOperation {
  schema: DocumentNode | null;
  data: DocumentNode | null;
  /** The operation's root response keys in its own order, for the merged answer. */
  order: string[];
}

/** Null when the operation asks nothing about the schema (the usual case: nothing to split). */
export function splitSchemaFields(document: DocumentNode, operation: OperationDefinitionNode): SplitOperation | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  if (!asksSchema(operation.selectionSet, fragments, new Set())) return null;
  return {
    order: responseKeys(operation.selectionSet, fragments, new Set()),
    schema: rootFieldsOnly(document, operation, fragments, (name) => SCHEMA_FIELDS.has(name)),
    data: rootFieldsOnly(document, operation, fragments, (name) => !SCHEMA_FIELDS.has(name)),
  };
}

function asksSchema(
  selections: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen: Set<string>,
): boolean {
  return selections.selections.some((selection) => {
    if (selection.kind === Kind.FIELD) return SCHEMA_FIELDS.has(selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT) return asksSchema(selection.selectionSet, fragments, seen);
    const fragment = fragments.get(selection.name.value);
    if (!fragment || seen.has(fragment.name.value)) return false;
    seen.add(fragment.name.value);
    return asksSchema(fragment.selectionSet, fragments, seen);
  });
}

function responseKeys(
  selections: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen: Set<string>,
): string[] {
  return selections.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.alias?.value ?? selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return responseKeys(selection.selectionSet, fragments, seen);
    const fragment = fragments.get(selection.name.value);
    if (!fragment || seen.has(fragment.name.value)) return [];
    return responseKeys(fragment.selectionSet, fragments, new Set([...seen, fragment.name.value]));
  });
}

/**
 * The document with only the operation's root fields that `keep` accepts, looking through
 * inline fragments and fragments spread at the root; null when none is left.
 */
function rootFieldsOnly(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  keep: (field: string) => boolean,
): DocumentNode | null {
  const rootFragments = new Map<string, FragmentDefinitionNode | null>();
  const filter = (selectionSet: SelectionSetNode): SelectionSetNode | null => {
    const selections = selectionSet.selections.flatMap((selection): SelectionNode[] => {
      if (selection.kind === Kind.FIELD) return keep(selection.name.value) ? [selection] : [];
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const inner = filter(selection.selectionSet);
        return inner ? [{ ...selection, selectionSet: inner }] : [];
      }
      const name = selection.name.value;
      if (!rootFragments.has(name)) {
        rootFragments.set(name, null); // a fragment spread inside itself adds nothing
        const fragment = fragments.get(name);
        const inner = fragment && filter(fragment.selectionSet);
        rootFragments.set(name, fragment && inner ? { ...fragment, selectionSet: inner } : null);
      }
      return rootFragments.get(name) ? [selection] : [];
    });
    return selections.length ? { ...selectionSet, selections } : null;
  };
  const selectionSet = filter(operation.selectionSet);
  if (!selectionSet) return null;
  const definitions = [
    { ...operation, selectionSet },
    ...[...fragments.values()].flatMap((fragment) => {
      if (!rootFragments.has(fragment.name.value)) return [fragment];
      const filtered = rootFragments.get(fragment.name.value);
      return filtered ? [filtered] : [];
    }),
  ];
  return { kind: Kind.DOCUMENT, definitions };
}

/** Answers the schema part of an operation from the API schema, as graphql-js does for any server. */
export function answerSchemaFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  variableValues: Record<string, unknown>,
): Promise<ExecutionResult> {
  return Promise.resolve(execute({ schema, document, variableValues }));
}

/**
 * One answer from the two parts, in the operation's order of root fields: a part whose data is
 * null (a non-null root field failed) makes the whole data null, as one execution would.
 */
export function mergeAnswers(order: string[], parts: ExecutionResult[]): ExecutionResult {
  const errors = parts.flatMap((part) => part.errors ?? []);
  let data: Record<string, unknown> | null = {};
  if (parts.some((part) => !part.data)) data = null;
  else for (const key of order) for (const part of parts) if (key in part.data!) data[key] = part.data![key];
  return errors.length ? { data, errors } : { data };
}
