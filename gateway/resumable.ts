import {
  getNamedType,
  getOperationAST,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from "graphql";

/** Selected on the subscription field behind the client's back, to resume after the last event delivered. */
export const RESUME = "__resumeCursor";
/** The variable the gateway controls in place of the client's `after`. */
export const AFTER = "__resumeAfter";

/** A subscription as the gateway runs it upstream. */
export interface ResumableSubscription {
  document: DocumentNode;
  /** The schema field whose events stream, e.g. approvalResults. */
  field: string;
  /** Where the field's payload is in each event (its alias, or its name). */
  responseKey: string;
  /** Whether the field takes `after` and returns a `cursor`, so a broken stream can resume. */
  resumable: boolean;
  /** The cursor the client asked to replay after, or null for live events only. */
  after: string | null;
}

/**
 * Rewrites a validated subscription so that its stream can resume: when its field takes `after`
 * and its events have a `cursor`, the field selects the cursor under a reserved alias and takes
 * `after` from a variable the gateway sets on every reconnect. Other subscriptions run as sent.
 */
export function resumableSubscription(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): ResumableSubscription {
  const operation = getOperationAST(document, operationName) as OperationDefinitionNode;
  const root = operation.selectionSet.selections[0]!;
  // A subscription has exactly one root field; one spread from a fragment streams as it is.
  if (root.kind !== Kind.FIELD) {
    const field = rootFieldThroughFragments(document, operation);
    return { document, field: field.name.value, responseKey: responseKeyOf(field), resumable: false, after: null };
  }
  const definition = schema.getSubscriptionType()!.getFields()[root.name.value]!;
  const type = getNamedType(definition.type);
  const resumable =
    definition.args.some((a) => a.name === "after") && isObjectType(type) && "cursor" in type.getFields();
  const stream = { field: root.name.value, responseKey: responseKeyOf(root), resumable };
  if (!resumable) return { ...stream, document, after: null };
  const given = root.arguments?.find((a) => a.name.value === "after")?.value;
  const rewritten: OperationDefinitionNode = {
    ...operation,
    variableDefinitions: [
      ...(operation.variableDefinitions ?? []),
      {
        kind: Kind.VARIABLE_DEFINITION,
        variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: AFTER } },
        type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: "String" } },
      },
    ],
    selectionSet: { ...operation.selectionSet, selections: [withResumeCursor(root)] },
  };
  return { ...stream, document: { ...document, definitions: [rewritten] }, after: cursorOf(given, variables) };
}

function withResumeCursor(root: FieldNode): FieldNode {
  return {
    ...root,
    arguments: [
      ...(root.arguments ?? []).filter((a) => a.name.value !== "after"),
      {
        kind: Kind.ARGUMENT,
        name: { kind: Kind.NAME, value: "after" },
        value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: AFTER } },
      },
    ],
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: [
        ...(root.selectionSet?.selections ?? []),
        { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: RESUME }, name: { kind: Kind.NAME, value: "cursor" } },
      ],
    },
  };
}

function cursorOf(given: ValueNode | undefined, variables: Record<string, unknown>): string | null {
  if (given?.kind === Kind.STRING) return given.value;
  if (given?.kind === Kind.VARIABLE) {
    const value = variables[given.name.value];
    return typeof value === "string" ? value : null;
  }
  return null;
}

const responseKeyOf = (field: FieldNode) => field.alias?.value ?? field.name.value;

function rootFieldThroughFragments(document: DocumentNode, operation: OperationDefinitionNode): FieldNode {
  let selection = operation.selectionSet.selections[0]!;
  while (selection.kind !== Kind.FIELD) {
    const name = selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : undefined;
    const fragment = name
      ? document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name)
      : undefined;
    const selections =
      selection.kind === Kind.INLINE_FRAGMENT
        ? selection.selectionSet
        : (fragment as { selectionSet: OperationDefinitionNode["selectionSet"] }).selectionSet;
    selection = selections.selections[0]!;
  }
  return selection;
}
