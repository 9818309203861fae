import {
  getNamedType,
  isCompositeType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

type Place = { value: Record<string, unknown>; path: (string | number)[]; type: GraphQLCompositeType };

/**
 * The objects of the response at a deferred fragment's path (response keys; lists walked
 * through), each with its response path and type, found along the operation's own fields.
 */
export function placesAt(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  path: readonly string[],
  data: Record<string, unknown>,
): Place[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const root = schema.getRootType(operation.operation)!;
  let places: (Place & { sets: SelectionSetNode[] })[] = [
    { value: data, path: [], type: root, sets: [operation.selectionSet] },
  ];
  for (const key of path) {
    if (key.startsWith("... on ")) continue;
    const next: typeof places = [];
    for (const place of places) {
      const nodes = fieldsNamed(place.sets, key, fragments);
      const field = nodes[0] && "getFields" in place.type ? place.type.getFields()[nodes[0].name.value] : undefined;
      if (!field) continue;
      const declared = getNamedType(field.type) as GraphQLCompositeType;
      const sets = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
      const walk = (value: unknown, at: (string | number)[]): void => {
        if (Array.isArray(value)) value.forEach((item, index) => walk(item, [...at, index]));
        else if (value && typeof value === "object") {
          const object = value as Record<string, unknown>;
          const named = typeof object.__typename === "string" ? schema.getType(object.__typename) : undefined;
          next.push({ value: object, path: at, type: isCompositeType(named) ? named : declared, sets });
        }
      };
      walk(place.value[key], [...place.path, key]);
    }
    places = next;
  }
  return places.map(({ value, path: at, type }) => ({ value, path: at, type }));
}

/** The fields of selection sets with a response key, inside fragments too. */
function fieldsNamed(
  sets: readonly SelectionSetNode[],
  key: string,
  fragments: Map<string, FragmentDefinitionNode>,
): FieldNode[] {
  const found: FieldNode[] = [];
  const search = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if ((selection.alias?.value ?? selection.name.value) === key) found.push(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) search(selection.selectionSet);
      else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) search(fragment.selectionSet);
      }
    }
  };
  for (const set of sets) search(set);
  return found;
}
