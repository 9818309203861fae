import type * as Apollo from "@apollo/query-planner";
import type * as Hive from "@graphql-hive/router-query-planner";
import { parse, type OperationDefinitionNode, type SelectionSetNode } from "graphql";

/**
 * The query plans this gateway executes, whichever planner made them. Hive Router's planner and
 * Apollo's share one vocabulary (Fetch, Flatten, Sequence, Parallel, Condition, Subscription) and
 * differ in how they spell paths and rewrites; both are turned into this form once per plan, so
 * the executor reads one shape.
 */
export type PlanNode = Fetch | BatchFetch | Flatten | Sequence | Parallel | Condition | Subscription | Defer;

/** A step of a path into the response: a field, every item of a list (`@`), or objects of these types only. */
export type Step = string | { on: readonly string[] };

/**
 * What an entity representation takes of an entity: fields and type-conditioned fragments. A
 * field is read from the first of `from` the entity has, and written as `to`: Hive's planner
 * fetches a required field under an alias of its own and sends it under the field's name.
 */
export type Requires =
  | { kind: "Field"; from: readonly string[]; to: string; selections?: readonly Requires[] }
  | { kind: "InlineFragment"; typeCondition?: string; selections: readonly Requires[] };

/** Sets a value (an interface object's `__typename`) or renames a key (a planner's alias back to its field). */
export type Rewrite =
  | { kind: "ValueSetter"; path: readonly Step[]; setValueTo: unknown }
  | { kind: "KeyRenamer"; path: readonly Step[]; renameKeyTo: string };

interface Operation {
  service: string;
  operation: string;
  operationName?: string;
  /** A query: may be shared with identical calls in flight and tried again; a mutation never. */
  readOnly: boolean;
  /** The client's variables the operation uses. */
  variableUsages: readonly string[];
}

/** One call to a subgraph; with `requires`, an `_entities` call for the entities a Flatten found. */
export interface Fetch extends Operation {
  kind: "Fetch";
  requires?: readonly Requires[];
  inputRewrites?: readonly Rewrite[];
  outputRewrites?: readonly Rewrite[];
}

/** One `_entities` call per group of entities, in one request to a subgraph (Hive Router's planner). */
export interface BatchFetch extends Operation {
  kind: "BatchFetch";
  batches: readonly EntityBatch[];
}

export interface EntityBatch {
  /** The alias of this group's `_entities` field in the operation. */
  alias: string;
  /** The variable that carries this group's representations. */
  variable: string;
  paths: readonly (readonly Step[])[];
  requires: readonly Requires[];
  inputRewrites?: readonly Rewrite[];
  outputRewrites?: readonly Rewrite[];
}

export interface Flatten {
  kind: "Flatten";
  path: readonly Step[];
  node: Fetch;
}

export interface Sequence {
  kind: "Sequence";
  nodes: readonly PlanNode[];
}

export interface Parallel {
  kind: "Parallel";
  nodes: readonly PlanNode[];
}

/** `@skip`/`@include` on a variable: one branch or the other. */
export interface Condition {
  kind: "Condition";
  variable: string;
  ifClause?: PlanNode;
  elseClause?: PlanNode;
}

/** The owning subgraph streams the subscription's fields; `rest` runs for every event. */
export interface Subscription {
  kind: "Subscription";
  primary: Fetch;
  rest?: PlanNode;
}

/**
 * `@defer`: the primary part answers first; each deferred fragment follows when its fetches are
 * done, shaped at `path` (response keys from the root; lists are walked through).
 */
export interface Defer {
  kind: "Defer";
  primary?: PlanNode;
  deferred: readonly Deferred[];
}

export interface Deferred {
  label?: string;
  path: readonly string[];
  /** The deferred fragment's selections, as the planner wrote them. */
  selections: SelectionSetNode;
  node?: PlanNode;
  /** Fragments deferred inside this one: they run, and answer, after it. */
  deferred: readonly Deferred[];
}

export interface QueryPlan {
  node?: PlanNode;
}

/** Thrown for a plan node this gateway cannot run (`@defer` is refused at validation before). */
function unsupported(kind: string): never {
  throw new Error(`query plan node ${kind} is not supported`);
}

// Apollo's planner: paths are strings, `@` for a list and `... on T` for a type condition.

function apolloStep(step: string | number): Step {
  const text = String(step);
  return text.startsWith("... on ") ? { on: [text.slice(7)] } : text;
}

function apolloRewrites(rewrites: Apollo.FetchDataRewrite[] | undefined): Rewrite[] | undefined {
  return rewrites?.length ? rewrites.map((rewrite) => ({ ...rewrite, path: rewrite.path.map(apolloStep) })) : undefined;
}

function apolloRequires(selections: readonly Apollo.QueryPlanSelectionNode[]): Requires[] {
  return selections.map((selection) => {
    if (selection.kind === "InlineFragment") return { ...selection, selections: apolloRequires(selection.selections) };
    const key = selection.alias ?? selection.name;
    return {
      kind: "Field",
      from: [key],
      to: key,
      selections: selection.selections && apolloRequires(selection.selections),
    };
  });
}

function apolloFetch(node: Apollo.FetchNode): Fetch {
  if (node.contextRewrites?.length) unsupported("Fetch with @fromContext");
  return {
    kind: "Fetch",
    service: node.serviceName,
    operation: node.operation,
    operationName: node.operationName,
    readOnly: node.operationKind === "query",
    variableUsages: node.variableUsages ?? [],
    requires: node.requires?.length ? apolloRequires(node.requires) : undefined,
    inputRewrites: apolloRewrites(node.inputRewrites),
    outputRewrites: apolloRewrites(node.outputRewrites),
  };
}

function fromApolloNode(node: Apollo.PlanNode | Apollo.SubscriptionNode): PlanNode {
  switch (node.kind) {
    case "Fetch":
      return apolloFetch(node);
    case "Flatten":
      if (node.node.kind !== "Fetch") unsupported(`Flatten of ${node.node.kind}`);
      return { kind: "Flatten", path: node.path.map(apolloStep), node: apolloFetch(node.node) };
    case "Sequence":
    case "Parallel":
      return { kind: node.kind, nodes: node.nodes.map(fromApolloNode) };
    case "Condition":
      return {
        kind: "Condition",
        variable: node.condition,
        ifClause: node.ifClause && fromApolloNode(node.ifClause),
        elseClause: node.elseClause && fromApolloNode(node.elseClause),
      };
    case "Subscription":
      return { kind: "Subscription", primary: apolloFetch(node.primary), rest: node.rest && fromApolloNode(node.rest) };
    case "Defer":
      return {
        kind: "Defer",
        primary: node.primary.node && fromApolloNode(node.primary.node),
        deferred: node.deferred.map(apolloDeferred),
      };
  }
}

/**
 * A deferred fragment; Apollo writes one with defers inside it as a Defer node whose primary
 * part is the fragment's own selections and fetches.
 */
function apolloDeferred(deferred: Apollo.DeferredNode): Deferred {
  const nested = deferred.node?.kind === "Defer" ? deferred.node : undefined;
  const node = nested ? nested.primary.node : deferred.node;
  return {
    label: deferred.label,
    path: deferred.queryPath,
    selections: selectionSetOf(deferred.subselection ?? nested?.primary.subselection ?? "{ __typename }"),
    node: node && fromApolloNode(node),
    deferred: nested ? nested.deferred.map(apolloDeferred) : [],
  };
}

/** A planner's `{ … }` text as a selection set. */
function selectionSetOf(text: string): SelectionSetNode {
  return (parse(text, { noLocation: true }).definitions[0] as OperationDefinitionNode).selectionSet;
}

export function fromApollo(plan: Apollo.QueryPlan): QueryPlan {
  return { node: plan.node && fromApolloNode(plan.node) };
}

// Hive Router's planner: tagged path segments and rewrites.

function hivePathStep(step: Hive.FlattenNodePathSegment): Step {
  if (step === "@") return "@";
  return "Field" in step ? step.Field : { on: step.TypeCondition };
}

function hiveRewriteStep(step: Hive.FetchNodePathSegment): Step {
  return "Key" in step ? step.Key : { on: step.TypenameEquals };
}

function hiveRewrites(rewrites: Hive.FetchRewrite[] | undefined): Rewrite[] | undefined {
  if (!rewrites?.length) return undefined;
  return rewrites.map((rewrite) => {
    if ("KeyRenamer" in rewrite) {
      const { path, renameKeyTo } = rewrite.KeyRenamer;
      return { kind: "KeyRenamer", path: path.map(hiveRewriteStep), renameKeyTo };
    }
    const { path, setValueTo } = "ValueSetter" in rewrite ? rewrite.ValueSetter : rewrite;
    return { kind: "ValueSetter", path: path.map(hiveRewriteStep), setValueTo };
  });
}

function hiveOperation(node: Hive.FetchNode | Hive.BatchFetchNode): Operation {
  return {
    service: node.serviceName,
    operation: node.operation,
    operationName: node.operationName,
    readOnly: (node.operationKind ?? "query") === "query",
    variableUsages: node.variableUsages ?? [],
  };
}

function hiveFetch(node: Hive.FetchNode): Fetch {
  return {
    kind: "Fetch",
    ...hiveOperation(node),
    requires: node.requires?.length ? hiveRequires(node.requires) : undefined,
    inputRewrites: hiveRewrites(node.inputRewrites),
    outputRewrites: hiveRewrites(node.outputRewrites),
  };
}

function hiveRequires(selections: Hive.RequiresSelection[]): Requires[] {
  return selections.map((selection) => {
    if (selection.kind === "FragmentSpread") return unsupported("requires with a fragment spread");
    if (selection.kind === "Field") {
      const { name, alias, selections: inner } = selection;
      const from = alias ? [name, alias] : [name];
      return { kind: "Field", from, to: alias ?? name, selections: inner && hiveRequires(inner) };
    }
    if (selection.skipIf || selection.includeIf) unsupported("requires under @skip or @include");
    return {
      kind: "InlineFragment",
      typeCondition: selection.typeCondition,
      selections: hiveRequires(selection.selections),
    };
  });
}

function fromHiveNode(node: Hive.PlanNode): PlanNode {
  switch (node.kind) {
    case "Fetch":
      return hiveFetch(node);
    case "BatchFetch":
      return {
        kind: "BatchFetch",
        ...hiveOperation(node),
        batches: node.entityBatch.aliases.map((batch) => ({
          alias: batch.alias,
          variable: batch.representationsVariableName,
          paths: batch.paths.map((path) => path.map(hivePathStep)),
          requires: hiveRequires(batch.requires),
          inputRewrites: hiveRewrites(batch.inputRewrites),
          outputRewrites: hiveRewrites(batch.outputRewrites),
        })),
      };
    case "Flatten":
      if (node.node.kind !== "Fetch") unsupported(`Flatten of ${node.node.kind}`);
      return { kind: "Flatten", path: node.path.map(hivePathStep), node: hiveFetch(node.node) };
    case "Sequence":
    case "Parallel":
      return { kind: node.kind, nodes: node.nodes.map(fromHiveNode) };
    case "Condition":
      return {
        kind: "Condition",
        variable: node.condition,
        ifClause: node.ifClause && fromHiveNode(node.ifClause),
        elseClause: node.elseClause && fromHiveNode(node.elseClause),
      };
    case "Subscription":
      return { kind: "Subscription", primary: hiveFetch(node.primary) };
    default:
      return unsupported(node.kind);
  }
}

/** Hive plans a subscription as a Sequence that starts with it; here `rest` is what follows. */
export function fromHive(plan: Hive.QueryPlan): QueryPlan {
  const root = plan.node;
  if (root?.kind === "Sequence" && root.nodes[0]?.kind === "Subscription") {
    const [first, ...rest] = root.nodes;
    const after =
      rest.length === 1 ? fromHiveNode(rest[0]) : { kind: "Sequence" as const, nodes: rest.map(fromHiveNode) };
    return { node: { kind: "Subscription", primary: hiveFetch(first.primary), rest: rest.length ? after : undefined } };
  }
  return { node: root && fromHiveNode(root) };
}
