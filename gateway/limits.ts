import type { ApolloServerPlugin } from "@apollo/server";
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from "graphql";

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
  const number = (name: string, fallback: number) => {
    const value = env[name];
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer; got "${value}".`);
    return n;
  };
  return {
    maxDepth: number("LIMIT_DEPTH", DEFAULT_LIMITS.maxDepth),
    maxAliases: number("LIMIT_ALIASES", DEFAULT_LIMITS.maxAliases),
    maxDirectives: number("LIMIT_DIRECTIVES", DEFAULT_LIMITS.maxDirectives),
    maxTokens: number("LIMIT_TOKENS", DEFAULT_LIMITS.maxTokens),
    maxCost: number("LIMIT_COST", DEFAULT_LIMITS.maxCost),
    maxBatch: number("LIMIT_BATCH", DEFAULT_LIMITS.maxBatch),
    maxBodyBytes: number("LIMIT_BODY_BYTES", DEFAULT_LIMITS.maxBodyBytes),
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
): { size: number; paged: boolean } {
  if (!definition) return { size: 1, paged: false };
  const paging = definition.args.filter((a) => PAGING_ARGUMENTS.includes(a.name));
  if (paging.length) {
    for (const argument of paging) {
      const value = field.arguments?.find((a) => a.name.value === argument.name)?.value;
      const n = !value
        ? Number(argument.defaultValue ?? NaN)
        : value.kind === Kind.INT
          ? Number(value.value)
          : value.kind === Kind.VARIABLE
            ? Number(variables?.[value.name.value])
            : NaN;
      if (Number.isFinite(n) && n >= 0) return { size: Math.max(n, 1), paged: true };
    }
    return { size: UNPAGED_LIST, paged: true };
  }
  return { size: isListType(getNullableType(definition.type)) && !insidePage ? UNPAGED_LIST : 1, paged: false };
}

/**
 * Depth, aliases, directives and cost of one operation in one walk (fragments expanded once
 * per use). Cost: every field costs 1, times the sizes of the lists above it.
 */
export function limitErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  limits: OperationLimits,
  variables: Record<string, unknown> | undefined,
): GraphQLError[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const typeNamed = (name: string | undefined, fallback: GraphQLNamedType | undefined) =>
    name ? schema.getType(name) : fallback;
  let aliases = 0;
  let directives = operation.directives?.length ?? 0;
  let maxDepth = 0;
  let cost = 0;
  const walk = (
    selections: SelectionSetNode,
    parent: GraphQLNamedType | undefined,
    depth: number,
    multiplier: number,
    insidePage: boolean,
    seen: Set<string>,
  ) => {
    maxDepth = Math.max(maxDepth, depth);
    if (depth > limits.maxDepth + 1 || cost > limits.maxCost) return;
    for (const selection of selections.selections) {
      directives += selection.directives?.length ?? 0;
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) aliases++;
        cost += multiplier;
        if (!selection.selectionSet) continue;
        const definition =
          parent && (isObjectType(parent) || isInterfaceType(parent))
            ? parent.getFields()[selection.name.value]
            : undefined;
        const { size, paged } = fanOut(selection, definition, insidePage, variables);
        walk(
          selection.selectionSet,
          definition && getNamedType(definition.type),
          depth + 1,
          multiplier * size,
          paged,
          seen,
        );
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(
          selection.selectionSet,
          typeNamed(selection.typeCondition?.name.value, parent),
          depth,
          multiplier,
          insidePage,
          seen,
        );
      } else {
        const fragment = fragments.get(selection.name.value);
        // A fragment spread inside itself is a validation error of its own; do not loop on it.
        if (fragment && !seen.has(fragment.name.value))
          walk(
            fragment.selectionSet,
            typeNamed(fragment.typeCondition.name.value, parent),
            depth,
            multiplier,
            insidePage,
            new Set([...seen, fragment.name.value]),
          );
      }
    }
  };
  walk(operation.selectionSet, schema.getRootType(operation.operation) ?? undefined, 1, 1, false, new Set());
  const errors: GraphQLError[] = [];
  if (maxDepth > limits.maxDepth)
    errors.push(refuse("depth", limits.maxDepth, maxDepth, "nests selections too deeply"));
  if (aliases > limits.maxAliases) errors.push(refuse("aliases", limits.maxAliases, aliases, "uses too many aliases"));
  if (directives > limits.maxDirectives)
    errors.push(refuse("directives", limits.maxDirectives, directives, "uses too many directives"));
  if (cost > limits.maxCost) errors.push(refuse("cost", limits.maxCost, cost, "would touch too many records"));
  return errors;
}

/** The limits as a validation rule, for operations validated with the other rules (WebSocket subscriptions). */
export function operationLimitsRule(limits: OperationLimits, variables: () => Record<string, unknown> | undefined) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      for (const error of limitErrors(context.getSchema(), context.getDocument(), operation, limits, variables()))
        context.reportError(error);
    },
  });
}

/**
 * The limits as an Apollo Server plugin, checked once the operation is known and before anything
 * is executed; with them, what Apollo Gateway cannot run over HTTP (no such operation, a
 * subscription) is refused as bad input rather than failing inside the gateway.
 */
export function operationLimitsPlugin(limits: OperationLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, schema, operation }) {
          // Apollo Gateway would fail on it with a 500: an unknown or missing operation name is the caller's mistake.
          if (!operation) {
            const message = request.operationName
              ? `Unknown operation named "${request.operationName}".`
              : "The document holds several operations: name the one to run (operationName).";
            throw new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", http: { status: 400 } } });
          }
          if (operation.operation === "subscription") {
            throw new GraphQLError(
              "Subscriptions stream over graphql-ws at this same /graphql path, or over Server-Sent Events at /graphql/stream; a plain HTTP request cannot hold one.",
              {
                extensions: { code: "BAD_USER_INPUT", http: { status: 400 } },
              },
            );
          }
          // Only the operation's own walk: `validate` with the rule also ran graphql-js's TypeInfo over every node.
          const [error] = limitErrors(schema, document, operation, limits, request.variables);
          if (error)
            throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 400 } } });
        },
      };
    },
  };
}
