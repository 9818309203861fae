import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { readSettings } from "../common/settings.js";

/**
 * What one operation may ask of the graph, checked at the gateway before any subgraph is
 * called. Every limit is configurable (README, Configuration); the defaults are what a
 * deployment keeps.
 */
export interface OperationLimits {
  /** Nesting of selections, fragments included. */
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  /** Lexical tokens of the document (graphql-js stops parsing past it). */
  maxTokens: number;
  /** Estimated records an operation may touch: list sizes (first, last, limit) multiply down the tree. */
  maxCost: number;
  /** Operations in one batched HTTP request. */
  maxBatch: number;
  /** Bytes of an HTTP request body. */
  maxBodyBytes: number;
}

export const DEFAULT_LIMITS: OperationLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 20,
  maxTokens: 5_000,
  maxCost: 20_000,
  maxBatch: 10,
  maxBodyBytes: 100_000,
};

export function limitsFromEnv(env = process.env): OperationLimits {
  const settings = readSettings(env);
  return {
    maxDepth: settings.LIMIT_DEPTH ?? DEFAULT_LIMITS.maxDepth,
    maxAliases: settings.LIMIT_ALIASES ?? DEFAULT_LIMITS.maxAliases,
    maxDirectives: settings.LIMIT_DIRECTIVES ?? DEFAULT_LIMITS.maxDirectives,
    maxTokens: settings.LIMIT_TOKENS ?? DEFAULT_LIMITS.maxTokens,
    maxCost: settings.LIMIT_COST ?? DEFAULT_LIMITS.maxCost,
    maxBatch: settings.LIMIT_BATCH ?? DEFAULT_LIMITS.maxBatch,
    maxBodyBytes: settings.LIMIT_BODY_BYTES ?? DEFAULT_LIMITS.maxBodyBytes,
  };
}

function refuse(limit: string, max: number, actual: number, what: string): GraphQLError {
  return new GraphQLError(
    `The operation ${what} (${actual}); the limit is ${max}. Ask for less, or split it into several operations.`,
    {
      extensions: { code: "BAD_USER_INPUT", limit, max, actual },
    },
  );
}

/** Assumed length of a list without paging arguments (months of a dashboard, a voucher's operations). */
const UNPAGED_LIST = 10;
const PAGING_ARGUMENTS = ["first", "last", "limit"];

/**
 * How many records one occurrence of a field stands for: a paged field its page size (given,
 * else its default, else the graph's default of 10), a plain list UNPAGED_LIST; the lists inside
 * a page (edges, items) are that page and count once.
 */
function fanOut(
  field: FieldNode,
  definition: GraphQLField<unknown, unknown> | undefined,
  insidePage: boolean,
  variables: Record<string, unknown> | undefined,
): { size: number; paged: boolean; fromVariable?: boolean } {
  if (!definition) return { size: 1, paged: false };
  const paging = definition.args.filter((a) => PAGING_ARGUMENTS.includes(a.name));
  if (paging.length) {
    // Whether a variable was read for the page size: then the cost differs per request.
    let fromVariable = false;
    for (const argument of paging) {
      const value = field.arguments?.find((a) => a.name.value === argument.name)?.value;
      fromVariable ||= value?.kind === Kind.VARIABLE;
      const n = !value
        ? Number(argument.defaultValue ?? NaN)
        : value.kind === Kind.INT
          ? Number(value.value)
          : value.kind === Kind.VARIABLE
            ? Number(variables?.[value.name.value])
            : NaN;
      if (Number.isFinite(n) && n >= 0) return { size: Math.max(n, 1), paged: true, fromVariable };
    }
    return { size: UNPAGED_LIST, paged: true, fromVariable };
  }
  return { size: isListType(getNullableType(definition.type)) && !insidePage ? UNPAGED_LIST : 1, paged: false };
}

/** Where the walk is: the type selected on, how deep, how many records each field there stands for. */
interface Position {
  parent: GraphQLNamedType | undefined;
  depth: number;
  multiplier: number;
  insidePage: boolean;
  /** Fragments spread on the way here (a spread inside itself is a validation error of its own). */
  seen: ReadonlySet<string>;
  /** Inside `__schema` or `__type`: answered from the schema, bounded by graphql-js's introspection rule. */
  schemaFields: boolean;
}

const SCHEMA_FIELDS = new Set(["__schema", "__type"]);

/**
 * Operations (of parsed documents, which the graph keeps) found within the limits without a
 * variable's page size, by limits: the same text sent again skips the walk.
 */
const withinLimits = new WeakMap<OperationLimits, WeakSet<OperationDefinitionNode>>();

/**
 * Depth, aliases, directives and cost of one operation in one walk (fragments expanded once
 * per use). Cost: every field costs 1, times the sizes of the lists above it. Questions about
 * the schema itself (`__schema`, `__type`) count their aliases and directives only: tools'
 * standard introspection queries nest deeper than any data query, no subgraph answers them,
 * and graphql-js refuses abusive nesting of them (MaxIntrospectionDepthRule).
 */
export function limitErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  limits: OperationLimits,
  variables: Record<string, unknown> | undefined,
): GraphQLError[] {
  let passed = withinLimits.get(limits);
  if (passed?.has(operation)) return [];
  let readsVariables = false;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const typeNamed = (name: string | undefined, fallback: GraphQLNamedType | undefined) =>
    name ? schema.getType(name) : fallback;
  let aliases = 0;
  let directives = operation.directives?.length ?? 0;
  let maxDepth = 0;
  let cost = 0;
  const walk = (selections: SelectionSetNode, at: Position) => {
    if (!at.schemaFields) maxDepth = Math.max(maxDepth, at.depth);
    if (at.depth > limits.maxDepth + 1 || cost > limits.maxCost) return;
    for (const selection of selections.selections) {
      directives += selection.directives?.length ?? 0;
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) aliases++;
        const schemaFields = at.schemaFields || SCHEMA_FIELDS.has(selection.name.value);
        if (!schemaFields) cost += at.multiplier;
        if (!selection.selectionSet) continue;
        const parent = at.parent;
        const definition =
          parent && (isObjectType(parent) || isInterfaceType(parent))
            ? parent.getFields()[selection.name.value]
            : undefined;
        const { size, paged, fromVariable } = fanOut(selection, definition, at.insidePage, variables);
        readsVariables ||= Boolean(fromVariable);
        const type = definition && getNamedType(definition.type);
        walk(selection.selectionSet, {
          ...at,
          parent: type,
          depth: at.depth + 1,
          multiplier: at.multiplier * size,
          insidePage: paged,
          schemaFields,
        });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, { ...at, parent: typeNamed(selection.typeCondition?.name.value, at.parent) });
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || at.seen.has(fragment.name.value)) continue;
        const parent = typeNamed(fragment.typeCondition.name.value, at.parent);
        walk(fragment.selectionSet, { ...at, parent, seen: new Set([...at.seen, fragment.name.value]) });
      }
    }
  };
  const root = schema.getRootType(operation.operation) ?? undefined;
  walk(operation.selectionSet, {
    parent: root,
    depth: 1,
    multiplier: 1,
    insidePage: false,
    seen: new Set(),
    schemaFields: false,
  });
  const errors: GraphQLError[] = [];
  if (maxDepth > limits.maxDepth)
    errors.push(refuse("depth", limits.maxDepth, maxDepth, "nests selections too deeply"));
  if (aliases > limits.maxAliases) errors.push(refuse("aliases", limits.maxAliases, aliases, "uses too many aliases"));
  if (directives > limits.maxDirectives) {
    errors.push(refuse("directives", limits.maxDirectives, directives, "uses too many directives"));
  }
  if (cost > limits.maxCost) errors.push(refuse("cost", limits.maxCost, cost, "would touch too many records"));
  if (!errors.length && !readsVariables) {
    if (!passed) withinLimits.set(limits, (passed = new WeakSet()));
    passed.add(operation);
  }
  return errors;
}
