import {
  GraphQLError,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  Kind,
  visit,
  BREAK,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLLeafType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

type Json = Record<string, unknown>;
type Path = (string | number)[];
/**
 * The fields of an object in the operation's order: each response key with the field nodes
 * asking for it. An array, not a Map: iterating a Map's entries allocates one per field.
 */
type Fields = readonly { key: string; nodes: FieldNode[] }[];

/** A non-null position got null: its parent becomes null (up to the nearest nullable position). */
const BUBBLE = Symbol("null bubbles up");
/** A null for which an error was recorded (here or below): no second error for the same null. */
const REPORTED = Symbol("null, reported");
/** A value completed onto its type: the value, or one of the two kinds of null above. */
type Completed = unknown;

/**
 * Collected fields of operations whose collection no variable changes (no `@skip`/`@include`
 * with a variable), per schema: every request of such an operation reuses them.
 */
const sharedCollections = new WeakMap<GraphQLSchema, WeakMap<object, Map<string, Fields>>>();
/** Whether a document's selections depend on variables, by its definitions. */
const varying = new WeakMap<readonly { kind: string }[], boolean>();

/**
 * Shapes the merged subgraph answers onto the client's operation, as graphql-js would have
 * answered it: only the fields asked for, under their aliases, in the operation's order;
 * fragments applied by each object's `__typename`; `@skip`/`@include`; `__typename` filled in;
 * a null in a non-null position makes its parent null (up to the nearest nullable field), with
 * one error saying where; values a client's schema cannot hold (a type or enum value it does not
 * see) become null with an error. Like Apollo Gateway, these completion errors reach the client
 * only when no subgraph reported an error already (then they are what the subgraph's error
 * explains), in `extensions.valueCompletion` otherwise.
 */
export class ResponseShaper {
  readonly errors: GraphQLError[] = [];
  private readonly fragments: Record<string, FragmentDefinitionNode> = Object.create(null);
  /** Fields collected under a field (by its nodes) or an operation, by type name. */
  private readonly collected: WeakMap<object, Map<string, Fields>>;

  constructor(
    /** The API schema: the types and enum values clients may see. */
    private readonly schema: GraphQLSchema,
    definitions: readonly { kind: string }[],
    private readonly condition: (variable: string) => boolean,
    /** Leave out `@defer` fragments: the primary part of an incremental answer. */
    private readonly withoutDeferred = false,
  ) {
    for (const definition of definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        const fragment = definition as FragmentDefinitionNode;
        this.fragments[fragment.name.value] = fragment;
      }
    }
    this.collected = withoutDeferred || variesWithVariables(definitions) ? new WeakMap() : sharedFor(schema);
  }

  /**
   * A deferred fragment's selections at one place of the response: an object of `type` (its
   * `__typename` decides, when it has one) at `path`.
   */
  shapeAt(type: GraphQLCompositeType, selections: SelectionSetNode, input: Json, path: Path): Json | null {
    const named = typeof input.__typename === "string" ? this.schema.getType(input.__typename) : undefined;
    const runtime = isCompositeType(named) ? named : type;
    const shaped = this.object(runtime, this.collect(runtime, [selections]), input, [...path]);
    return shaped === BUBBLE ? null : shaped;
  }

  /** The response's `data` for an operation, from the merged answers (null when a root field's null bubbles to the top). */
  shape(operation: OperationDefinitionNode, data: Json): Json | null {
    const root = this.schema.getRootType(operation.operation);
    if (!root) return null;
    const fields = this.collectedFor(operation, root, () => [operation.selectionSet]);
    const shaped = this.object(root, fields, data, []);
    return shaped === BUBBLE ? null : shaped;
  }

  /**
   * An object with the fields the operation asks for. Where the merged answer already is exactly
   * that (the same keys in the same order, each value complete as it stands), as a single
   * subgraph's answer usually is, the answer's own object is the result instead of a copy. Not in
   * an incremental answer: later parts merge into the objects its first part was sent from.
   */
  private object(type: GraphQLCompositeType, fields: Fields, input: Json, path: Path): Json | typeof BUBBLE {
    // Until a difference shows up, `output` stays undefined and `same` counts the fields equal so far.
    let output: Json | undefined = this.withoutDeferred || !sameKeys(input, fields) ? {} : undefined;
    let same = 0;
    for (const { key, nodes } of fields) {
      const name = nodes[0]!.name.value;
      let value: unknown;
      if (name === "__typename") {
        if (!isObjectType(type)) return BUBBLE;
        value = type.name;
      } else {
        const field = "getFields" in type ? type.getFields()[name] : undefined;
        if (!field) {
          output ??= firstFields(input, fields, same);
          continue;
        }
        path.push(key);
        const completed = this.complete(
          field.type,
          Object.hasOwn(input, key) ? (input[key] ?? null) : null,
          nodes,
          path,
          type.name,
        );
        path.pop();
        if (completed === BUBBLE) return BUBBLE;
        value = completed === REPORTED ? null : completed;
      }
      if (!output && value !== input[key]) output = firstFields(input, fields, same);
      if (output) output[key] = value;
      else same++;
    }
    return output ?? input;
  }

  private complete(
    type: GraphQLOutputType,
    value: unknown,
    nodes: readonly FieldNode[],
    path: Path,
    parent: string,
  ): Completed {
    if (isNonNullType(type)) {
      const inner = this.complete(type.ofType, value, nodes, path, parent);
      if (inner === null)
        this.fail(`Cannot return null for non-nullable ${this.position(path, type.ofType, parent)}.`, path);
      return inner === null || inner === REPORTED ? BUBBLE : inner;
    }
    if (value === null || value === undefined) return null;
    if (isListType(type)) {
      if (!Array.isArray(value)) return this.invalid(path, type, parent);
      // Every item is completed (and its errors recorded) even after one made the list null; the
      // answer's own list is the result while every item is complete as it stands.
      let bubbled = false;
      let items: unknown[] | undefined = this.withoutDeferred ? [] : undefined;
      for (let index = 0; index < value.length; index++) {
        path.push(index);
        const completed = this.complete(type.ofType, value[index] ?? null, nodes, path, parent);
        path.pop();
        bubbled ||= completed === BUBBLE;
        const item = completed === REPORTED ? null : completed;
        if (!items && item !== value[index]) items = value.slice(0, index);
        if (items) items[index] = item;
      }
      return bubbled ? REPORTED : (items ?? value);
    }
    if (isCompositeType(type)) return this.composite(type, value, nodes, path, parent);
    return validLeaf(type, value) ? value : this.invalid(path, type, parent);
  }

  private composite(
    type: GraphQLCompositeType,
    value: unknown,
    nodes: readonly FieldNode[],
    path: Path,
    parent: string,
  ): Completed {
    if (typeof value !== "object" || Array.isArray(value)) return this.invalid(path, type, parent);
    const input = value as Json;
    let runtime: GraphQLCompositeType = type;
    if (typeof input.__typename === "string") {
      const named = this.schema.getType(input.__typename);
      if (!isCompositeType(named)) {
        this.fail(`Invalid __typename found for object at ${this.position(path, type, parent)}.`, path);
        return REPORTED;
      }
      runtime = named;
    }
    const shaped = this.object(runtime, this.fieldsOf(nodes, runtime), input, path);
    return shaped === BUBBLE ? REPORTED : shaped;
  }

  /**
   * The fields under a field for objects of one type; the items of a list share them, so they
   * are collected once per field and type.
   */
  private fieldsOf(nodes: readonly FieldNode[], type: GraphQLCompositeType): Fields {
    return this.collectedFor(nodes, type, () =>
      nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : [])),
    );
  }

  /** The fields collected for objects of `type` under `owner` (a field's nodes, or the operation), once. */
  private collectedFor(owner: object, type: GraphQLCompositeType, sets: () => readonly SelectionSetNode[]): Fields {
    let byType = this.collected.get(owner);
    if (!byType) this.collected.set(owner, (byType = new Map()));
    let fields = byType.get(type.name);
    if (!fields) byType.set(type.name, (fields = this.collect(type, sets())));
    return fields;
  }

  /**
   * The fields of selection sets that apply to an object of `type`, by response key, in the
   * operation's order (graphql-js's CollectFields, with type conditions read from the type).
   */
  private collect(type: GraphQLCompositeType, sets: readonly SelectionSetNode[]): Fields {
    const fields: { key: string; nodes: FieldNode[] }[] = [];
    const byKey = new Map<string, FieldNode[]>();
    const visit = (set: SelectionSetNode) => {
      for (const selection of set.selections) {
        if (!this.included(selection.directives)) continue;
        if (this.withoutDeferred && selection.kind !== Kind.FIELD && this.deferred(selection.directives)) continue;
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          const nodes = byKey.get(key);
          if (nodes) nodes.push(selection);
          else {
            const field = { key, nodes: [selection] };
            byKey.set(key, field.nodes);
            fields.push(field);
          }
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          if (this.applies(selection.typeCondition?.name.value, type)) visit(selection.selectionSet);
        } else {
          const fragment = this.fragments[selection.name.value];
          if (fragment && this.applies(fragment.typeCondition.name.value, type)) visit(fragment.selectionSet);
        }
      }
    };
    for (const set of sets) visit(set);
    return fields;
  }

  /** Whether a fragment's type condition holds for an object of `type` (abstract when its `__typename` is unknown). */
  private applies(condition: string | undefined, type: GraphQLCompositeType): boolean {
    if (!condition || condition === type.name) return true;
    const conditionType = this.schema.getType(condition);
    if (!isAbstractType(conditionType)) return false;
    if (isUnionType(type)) return false; // a union's member unknown: only the union itself applies
    return this.schema.isSubType(conditionType, type);
  }

  private included(directives: FieldNode["directives"]): boolean {
    for (const directive of directives ?? []) {
      const name = directive.name.value;
      if (name === "skip" && this.ifOf(directive, false)) return false;
      if (name === "include" && !this.ifOf(directive, false)) return false;
    }
    return true;
  }

  /** Whether a fragment is deferred: `@defer`, unless its `if` is false. */
  private deferred(directives: FieldNode["directives"]): boolean {
    const defer = directives?.find((directive) => directive.name.value === "defer");
    return defer ? this.ifOf(defer, true) : false;
  }

  /** A directive's `if`: a literal, a variable's value, or `absent` when it has none. */
  private ifOf(directive: DirectiveNode, absent: boolean): boolean {
    const argument = directive.arguments?.find((a) => a.name.value === "if")?.value;
    if (!argument) return absent;
    if (argument.kind === Kind.VARIABLE) return this.condition(argument.name.value);
    return argument.kind === Kind.BOOLEAN && argument.value;
  }

  private invalid(path: Path, type: GraphQLOutputType, parent: string): typeof REPORTED {
    this.fail(`Invalid value found for ${this.position(path, type, parent)}.`, path);
    return REPORTED;
  }

  private position(path: Path, type: GraphQLOutputType, parent: string): string {
    const last = path[path.length - 1];
    return typeof last === "string"
      ? `field ${parent}.${last}`
      : `array element of type ${String(type)} at index ${last}`;
  }

  private fail(message: string, path: Path): void {
    this.errors.push(new GraphQLError(message, { path: [...path], extensions: { code: "INVALID_GRAPHQL" } }));
  }
}

/** What a subgraph may answer for a leaf: any value for a custom scalar, the right JSON type for a built-in one or an enum. */
function validLeaf(type: GraphQLLeafType, value: unknown): boolean {
  if (isEnumType(type)) return typeof value === "string" && type.getValue(value) !== undefined;
  switch (type.name) {
    case "Boolean":
      return typeof value === "boolean";
    case "Int":
      return Number.isInteger(value);
    case "Float":
      return typeof value === "number" && Number.isFinite(value);
    case "String":
      return typeof value === "string";
    case "ID":
      return typeof value === "string" || Number.isInteger(value);
    default:
      return true;
  }
}

/**
 * The value of a `@skip`/`@include` variable: as sent, else its default. Validation made sure
 * it is a Boolean.
 */
export function conditionOf(operation: OperationDefinitionNode, variables: Json): (variable: string) => boolean {
  return (variable) => {
    if (variables[variable] !== undefined && variables[variable] !== null) return variables[variable] === true;
    const definition = operation.variableDefinitions?.find((d) => d.variable.name.value === variable);
    const fallback = definition?.defaultValue;
    return fallback?.kind === Kind.BOOLEAN && fallback.value;
  };
}

function sharedFor(schema: GraphQLSchema): WeakMap<object, Map<string, Fields>> {
  let shared = sharedCollections.get(schema);
  if (!shared) sharedCollections.set(schema, (shared = new WeakMap()));
  return shared;
}

/** Whether a `@skip` or `@include` in the document takes a variable: then each request collects its own fields. */
function variesWithVariables(definitions: readonly { kind: string }[]): boolean {
  let varies = varying.get(definitions);
  if (varies === undefined) {
    varies = false;
    visit({ kind: Kind.DOCUMENT, definitions } as DocumentNode, {
      Directive(directive) {
        if (directive.name.value !== "skip" && directive.name.value !== "include") return;
        if (!directive.arguments?.some((argument) => argument.value.kind === Kind.VARIABLE)) return;
        varies = true;
        return BREAK;
      },
    });
    varying.set(definitions, varies);
  }
  return varies;
}

/** Whether an answer's object has exactly the response keys of the fields, in their order. */
function sameKeys(input: Json, fields: Fields): boolean {
  let index = 0;
  for (const key in input) if (fields[index++]?.key !== key) return false;
  return index === fields.length;
}

/** A copy of the first `count` fields of an answer's object, when the result has to differ from it. */
function firstFields(input: Json, fields: Fields, count: number): Json {
  const output: Json = {};
  for (let index = 0; index < count; index++) output[fields[index]!.key] = input[fields[index]!.key];
  return output;
}
